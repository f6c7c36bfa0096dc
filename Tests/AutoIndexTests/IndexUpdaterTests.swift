import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import IndexEngine
import IndexService
import MarketData
import Projections
import Testing

/// The index policy run against a real log, and the read models it feeds.
@Suite("Index updater")
struct IndexUpdaterTests {
    @Test("update appends the default configuration once, values every day after the warm-up, and is idempotent")
    func updatesIndex() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let file = URL(fileURLWithPath: scratch.path("prices.csv"))
        try SyntheticPrices.file().write(to: file, atomically: true, encoding: .utf8)
        let importer = MarketDataImporter(store: store)
        _ = try await importer.importPriceFile(at: file)
        // SPX is known as the benchmark by its ticker, whatever the file's asset class.
        let updater = IndexUpdater(store: store)

        let first = try await updater.update()
        #expect(first.configVersion == 1)
        #expect(first.valuedDays == 300 - 252)
        #expect(first.rebalances >= 3)
        let strategy = try await store.read(stream: IndexStreams.strategy("autoindex"))
        #expect(strategy.map(\.type) == ["ConfigUpdated"])
        #expect(try strategy[0].decode(ConfigUpdated.self) == StrategyDefaults.initialConfig(indexId: "autoindex"))

        let second = try await updater.update()
        #expect(second.valuedDays == 0 && second.rebalances == 0 && second.lastPosition == nil)
        #expect(try await store.read(stream: IndexStreams.strategy("autoindex")).count == 1)

        let runner = ProjectionRunner(projectors: ShippedProjectors.all, store: store, database: store.database)
        try await runner.prepare()
        try await runner.catchUp()
        let history = IndexHistoryQueries(database: store.database)
        #expect(try await history.count(indexId: "autoindex") == 48)
        let latest = try #require(try await history.latest(indexId: "autoindex"))
        #expect(latest.date == first.lastValuedDate)
        let allocation = try #require(
            try await AllocationQueries(database: store.database).current(indexId: "autoindex"))
        #expect(Set(allocation.allocations.map(\.symbol)).isSubset(of: ["AAPL", "KO"]))
        #expect(abs(allocation.allocations.map(\.weight).reduce(0, +) - 1) < 1e-12)
        #expect(allocation.allocations.first { $0.symbol == "AAPL" }?.name == "Apple Inc.")
        #expect(allocation.correlationId.hasPrefix("rebalance-autoindex-"))
        let config = try #require(
            try await StrategyConfigQueries(database: store.database).current(indexId: "autoindex"))
        #expect(config.config == StrategyDefaults.config && config.actor == "system")
        let risk = try await RiskMetricsQueries(database: store.database).metrics(indexId: "autoindex")
        #expect(risk.map(\.period) == ["all"], "trailing windows wait for enough history")
        let values = try await history.values(indexId: "autoindex")
        let benchmark = try await BenchmarkQueries(database: store.database).series(symbol: "SPX")
        let expected = try RiskMetrics.compute(
            dates: values.map(\.date), values: values.map(\.value), benchmarkDates: benchmark.map(\.date),
            benchmarkValues: benchmark.map(\.value), annualRiskFreeRate: 0.02)
        #expect(risk.first?.metrics == expected)
        #expect(risk.first?.metrics.nReturns == 47 && risk.first?.riskFreeRate == 0.02)
        #expect(expected.benchmark?.nAlignedReturns == 47)
        try PayloadDump.write(try await store.read(stream: IndexStreams.index("autoindex")), name: "index-policy")
    }

    @Test("a manual rebalance is appended atomically at the last valued close with its actor and reason")
    func manualRebalance() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let file = URL(fileURLWithPath: scratch.path("prices.csv"))
        try SyntheticPrices.file().write(to: file, atomically: true, encoding: .utf8)
        _ = try await MarketDataImporter(store: store).importPriceFile(at: file)
        let first = try await IndexUpdater(store: store).update()
        let head = try await store.headPosition()

        let manual = try await IndexUpdater(store: store, actor: "user-1").update(
            request: .manual(reason: "quarterly review"))
        #expect(manual.rebalances == 1 && manual.valuedDays == 0)
        let events = try await store.read(after: head, limit: 10)
        #expect(events.map(\.type) == ["RebalanceRequested", "WeightsCalculated", "AllocationChanged"])
        #expect(Set(events.map(\.metadata.correlationId)).count == 1)
        #expect(events.allSatisfy { $0.metadata.actor == "user-1" })
        let request = try events[0].decode(RebalanceRequested.self)
        #expect(request.asOfDate == first.lastValuedDate && request.reason == "quarterly review")
    }
}
