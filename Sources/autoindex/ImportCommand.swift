import ArgumentParser
import AutoIndexDomain
import Foundation
import MarketData

/// `autoindex import …`: market data from files into the log.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append closes and FX rates from files; what the log already holds is skipped.",
        subcommands: [Prices.self, Fx.self, MarketCaps.self, Bundled.self]
    )

    struct Prices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a date,symbol,close CSV file (one atomic append; a bad row appends nothing).")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The CSV file, with a header naming date, symbol and close.")
        var file: String

        @Flag(help: "List symbols new to the log as benchmarks (asset class index), not index constituents.")
        var benchmark = false

        func run() async throws {
            let log = try await database.openLog(.create)
            defer { log.close() }
            let store = log.store
            let importer = MarketDataImporter(store: store)
            let summary = try await reportingFileErrors(file) {
                try await importer.importPriceFile(
                    at: URL(fileURLWithPath: file), assetClass: benchmark ? "index" : "equity")
            }
            try printJSONLine(summary)
            try await settlePortfolios(store)
        }
    }

    struct Fx: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the ECB's eurofxref-hist.csv (units per 1 EUR; N/A cells skipped).")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The ECB rate file.")
        var file: String

        func run() async throws {
            let log = try await database.openLog(.create)
            defer { log.close() }
            let importer = MarketDataImporter(store: log.store)
            let summary = try await reportingFileErrors(file) {
                try await importer.importEuroRateFile(at: URL(fileURLWithPath: file))
            }
            try printJSONLine(summary)
        }
    }

    struct MarketCaps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "market-caps",
            abstract: "Import a date,symbol,market_cap CSV file: the facts the market-cap sleeve weights by.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The CSV file, with a header naming date, symbol and market_cap.")
        var file: String

        func run() async throws {
            let log = try await database.openLog(.create)
            defer { log.close() }
            let importer = MarketDataImporter(store: log.store)
            let summary = try await reportingFileErrors(file) {
                try await importer.importMarketCapFile(at: URL(fileURLWithPath: file))
            }
            try printJSONLine(summary)
        }
    }

    struct Bundled: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the bundled dataset: 20 S&P 500 stocks, the S&P 500 index and the ECB rates.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let log = try await database.openLog(.create)
            defer { log.close() }
            let importer = MarketDataImporter(store: log.store)
            let summaries = try await importer.importBundledDataset { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            for summary in summaries.summaries { try printJSONLine(summary) }
        }
    }
}

/// Runs an import, turning a malformed-file error into a message naming the file and line.
private func reportingFileErrors<Result>(_ file: String, _ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as MarketDataFileError {
        throw ValidationError("\(file) \(error.description); nothing was imported")
    } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
        throw ValidationError("cannot read \(file): no such file")
    }
}

/// Prints one value as a line of sorted-key JSON.
func printJSONLine(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
