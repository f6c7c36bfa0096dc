import ArgumentParser
import AutoIndexDomain
import Foundation
import IndexService
import MarketData
import Projections

/// `autoindex index …`: run the index policy over the log.
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Value and rebalance the index from the market data in the log.",
        subcommands: [Update.self, Show.self]
    )

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append a value for every complete trading day and each rebalance that is due.")

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "Also rebalance now, at the last valued close (a manual rebalance).")
        var rebalance = false

        @Option(help: "Why the manual rebalance is made; recorded in RebalanceRequested.")
        var reason: String?

        @Flag(help: "Do not import the bundled dataset into a log that has no market data yet.")
        var noBundled = false

        func run() async throws {
            let log = try await database.openLog(.create)
            defer { log.close() }
            let store = log.store
            var market = try await store.fold(MarketDataLedger())
            if !noBundled, market.assets.isEmpty {
                let progress: @Sendable (String) -> Void = { line in
                    FileHandle.standardError.write(Data("\(line)\n".utf8))
                }
                progress("no market data in \(try database.path()) yet: importing the bundled dataset (first start)")
                let imported = try await MarketDataImporter(store: store).importBundledDataset(progress: progress)
                for summary in imported.summaries { try printJSONLine(summary) }
                market = imported.ledger
            }
            let updater = IndexUpdater(store: store, actor: rebalance ? "cli" : "system")
            do {
                let summary = try await updater.update(
                    request: rebalance ? .manual(reason: reason) : nil, market: market)
                try printJSONLine(summary)
            } catch let error as IndexPolicyError {
                throw ValidationError(error.description)
            }
            try await settlePortfolios(store)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Catch the read models up and print the index: latest value, allocation, risk metrics.")

        @OptionGroup var database: DatabaseOptions

        struct Report: Encodable {
            var latest: IndexValueRecord?
            var allocation: CurrentAllocation?
            var riskMetrics: [RiskMetricsRecord]
            var configVersion: Int?

            enum CodingKeys: String, CodingKey {
                case latest, allocation
                case riskMetrics = "risk_metrics"
                case configVersion = "config_version"
            }
        }

        func run() async throws {
            let log = try await database.openLog()
            defer { log.close() }
            let runner = try log.projectionRunner()
            try await runner.prepare()
            try await runner.catchUp()
            let indexId = IndexStreams.defaultIndexId
            let report = Report(
                latest: try await IndexHistoryQueries(database: try log.readModels()).latest(indexId: indexId),
                allocation: try await AllocationQueries(database: try log.readModels()).current(indexId: indexId),
                riskMetrics: try await RiskMetricsQueries(database: try log.readModels()).metrics(indexId: indexId),
                configVersion: try await StrategyConfigQueries(database: try log.readModels()).current(
                    indexId: indexId)?
                    .configVersion)
            try printJSON(report)
        }
    }
}
