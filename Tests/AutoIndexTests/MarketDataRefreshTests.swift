import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import MarketData
import Projections
import Synchronization
import Testing

/// A refresh run against a provider: only what is new, corrections, and the run's outcome as events.
@Suite("Market data refresh")
struct MarketDataRefreshTests {
    /// A log holding AAPL and KO up to 2024-01-03 and USD up to 2024-01-03.
    private static func seededStore(_ scratch: ScratchDirectory) async throws -> SQLiteEventStore {
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let importer = MarketDataImporter(store: store)
        let prices = URL(fileURLWithPath: scratch.path("prices.csv"))
        try """
        date,symbol,close
        2024-01-02,AAPL,185.64
        2024-01-03,AAPL,184.25
        2024-01-02,KO,59.51
        2024-01-03,KO,59.81

        """.write(to: prices, atomically: true, encoding: .utf8)
        _ = try await importer.importPriceFile(at: prices)
        let rates = URL(fileURLWithPath: scratch.path("eurofxref-hist.csv"))
        try "Date,USD,\n2024-01-03,1.0919,\n2024-01-02,1.0956,\n".write(to: rates, atomically: true, encoding: .utf8)
        _ = try await importer.importEuroRateFile(at: rates)
        return store
    }

    private static func series(_ pairs: [(String, String)]) -> [DailyClose] {
        pairs.map { DailyClose(date: $0.0, close: $0.1) }
    }

    @Test("a refresh asks from the last date held, appends what is new, corrects a changed close and completes")
    func refreshesWhatIsNew() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try await Self.seededStore(scratch)
        let asked = Mutex<[String?]>([])
        let canned = MarketDataClient.canned(
            provider: "twelvedata",
            dailyCloses: [
                "AAPL": Self.series([("2024-01-03", "184.25000"), ("2024-01-04", "181.91000")]),
                "KO": Self.series([("2024-01-03", "59.90000"), ("2024-01-04", "60.17000")]),
            ],
            fxRates: ["EUR/USD": Self.series([("2024-01-03", "1.0919"), ("2024-01-04", "1.0953")])])
        let client = MarketDataClient(
            provider: canned.provider,
            dailyCloses: { symbols, start in
                asked.withLock { $0.append(start) }
                return try await canned.dailyCloses(symbols, start)
            },
            dailyFxRates: { currencies, base, start in
                asked.withLock { $0.append(start) }
                return try await canned.dailyFxRates(currencies, base, start)
            }, creditsUsed: canned.creditsUsed)
        let head = try await store.headPosition()

        let outcome = try await MarketDataRefresh(store: store, client: client).run(refreshId: "r1")
        #expect(outcome.completed)
        #expect(asked.withLock { $0 } == ["2024-01-03", "2024-01-03"])
        #expect(outcome.summary.pricesAppended == 2)
        #expect(outcome.summary.pricesCorrected == 1)
        #expect(outcome.summary.fxRatesAppended == 1)
        #expect(outcome.creditsUsed == 3)
        let events = try await store.read(after: head, limit: 100)
        #expect(
            events.map { "\($0.stream) \($0.type)" } == [
                "refresh-r1 RefreshStarted", "asset-AAPL PriceFetched", "asset-KO PriceCorrected",
                "asset-KO PriceFetched", "fx-USD FxRateFetched", "refresh-r1 RefreshCompleted",
            ])
        #expect(
            try events[2].decode(PriceCorrected.self)
                == PriceCorrected(
                    symbol: "KO", date: "2024-01-03", oldClose: "59.81", newClose: "59.90000", source: "twelvedata",
                    fetchId: "r1"))
        #expect(try events[5].decode(RefreshCompleted.self).creditsUsed == 3)
        try PayloadDump.write(events, name: "market-data-refresh")

        let again = try await MarketDataRefresh(store: store, client: client).run(refreshId: "r2")
        #expect(
            again.summary.pricesAppended == 0 && again.summary.pricesCorrected == 0
                && again.summary.fxRatesAppended == 0)

        let runner = ProjectionRunner(projectors: ShippedProjectors.all, store: store, database: store.database)
        try await runner.prepare()
        try await runner.catchUp()
        let run = try #require(try await RefreshStatusQueries(database: store.database).run(id: "r1"))
        #expect(run.status == "completed" && run.provider == "twelvedata" && run.symbols == ["AAPL", "KO"])
        #expect(
            try await AssetPriceQueries(database: store.database).prices(symbol: "KO").map(\.close) == [
                "59.51", "59.90000", "60.17000",
            ])
    }

    @Test("a symbol the provider fails is named in RefreshFailed while the others' data is appended")
    func partialFailure() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try await Self.seededStore(scratch)
        let client = MarketDataClient.canned(
            provider: "twelvedata", dailyCloses: ["AAPL": Self.series([("2024-01-04", "181.91")])],
            fxRates: ["EUR/USD": []])
        let outcome = try await MarketDataRefresh(store: store, client: client).run(refreshId: "r3")
        #expect(!outcome.completed)
        #expect(outcome.errors == ["twelvedata not found for KO: no canned series for KO"])
        #expect(outcome.summary.pricesAppended == 1)
        let failed = try #require(try await store.read(stream: MarketDataStreams.refresh("r3")).last)
        #expect(failed.type == "RefreshFailed")
        let event = try failed.decode(RefreshFailed.self)
        #expect(event.error == "twelvedata not found for KO: no canned series for KO")
    }

    @Test("a failed call appends RefreshFailed with the provider's code and message, and no data")
    func wholeFailure() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try await Self.seededStore(scratch)
        let error = MarketDataError(
            kind: .unauthorized, code: 401, message: "**apikey** parameter is incorrect or not specified.",
            provider: "TwelveData")
        let client = MarketDataClient(
            provider: "twelvedata", dailyCloses: { _, _ in throw error }, dailyFxRates: { _, _, _ in throw error },
            creditsUsed: { 0 })
        let head = try await store.headPosition()
        let outcome = try await MarketDataRefresh(store: store, client: client).run(refreshId: "r4")
        #expect(!outcome.completed)
        let events = try await store.read(after: head, limit: 10)
        #expect(events.map(\.type) == ["RefreshStarted", "RefreshFailed"])
        let failed = try events[1].decode(RefreshFailed.self)
        #expect(failed.errorCode == 401)
        #expect(failed.error == error.description)
        try PayloadDump.write(events, name: "market-data-refresh-failed")
    }
}
