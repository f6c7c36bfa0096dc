import AutoIndexDomain
import EventStoreSQLite
import Foundation
import IndexService
import MarketData

/// A demo log grown to millions of events, for measuring the server where the log outgrows the demo:
/// the bundled dataset and the index, then synthetic daily closes for more symbols (`SYN0001`, …) on
/// the bundled trading days, imported 20 symbols at a time as a CSV import would be.
public enum LargeLog {
    /// Writes the log at `path` (which must not exist) until it holds at least `events` events.
    /// - Parameter progress: told each import, for a progress line.
    /// - Returns: the number of events in the log.
    public static func make(at path: String, events: Int, progress: @Sendable (String) -> Void) async throws
        -> Int64
    {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: path])
        }
        let store = try SQLiteEventStore(path: path, options: .init(upcasters: EventCatalog.upcasters))
        progress("importing the bundled dataset")
        let importer = MarketDataImporter(store: store)
        var ledger = try await importer.importBundledDataset(progress: progress).ledger
        progress("valuing the index")
        _ = try await IndexUpdater(store: store).update(market: ledger)
        let days = try PriceFile.parse(String(contentsOf: try BundledDataset.benchmarkPricesURL, encoding: .utf8))
            .map(\.date)
        var symbol = 0
        while try await store.headPosition() < events {
            let symbols = (symbol..<symbol + 20).map { String(format: "SYN%04d", $0 + 1) }
            symbol += 20
            progress("importing synthetic closes of \(symbols.first ?? "") to \(symbols.last ?? "")")
            let prices = symbols.enumerated().flatMap { offset, name in
                closes(of: name, seed: UInt64(symbol + offset), on: days)
            }
            _ = try await importer.importObservations(prices: prices, provider: "synthetic", ledger: &ledger)
        }
        return try await store.headPosition()
    }

    /// A random walk from 100, two decimals, the same for the same seed.
    private static func closes(of symbol: String, seed: UInt64, on days: [String]) -> [PriceObservation] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var cents = 10_000
        return days.map { day in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            cents = max(100, cents + Int(state % 401) - 200)
            return PriceObservation(
                symbol: symbol, date: day, close: "\(cents / 100).\(String(format: "%02d", cents % 100))")
        }
    }
}
