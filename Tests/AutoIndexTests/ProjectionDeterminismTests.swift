import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import GRDB
import IndexService
import MarketData
import PortfolioService
import Projections
import Synchronization
import Testing

/// The property behind replay: however the log reaches the projectors (in one batch, in random chunks
/// with restarts between them, or live while it grows), the read models end identical, row for row.
@Suite("Projection determinism")
struct ProjectionDeterminismTests {
    /// Portfolios whose values span many batches: one following the index since two months before the
    /// end, one manual with orders filled at a close appended afterwards (a revaluation from a date in
    /// the middle of the read model).
    static func tradePortfolios(_ store: SQLiteEventStore) async throws {
        let desk = PortfolioDesk(store: store)
        _ = try await desk.open(
            PortfolioRequest(
                name: "Follow", initialCash: "25000", mode: "follow_index", startDate: "2023-12-21", commissionBps: 7),
            owner: "u1", actor: "test")
        let manual = try await desk.open(
            PortfolioRequest(name: "Manual", initialCash: "5000"), owner: "u1", actor: "test")
        for (symbol, side, notional) in [("AAPL", "BUY", "1200"), ("KO", "BUY", "800"), ("INDEX", "BUY", "1000")] {
            _ = try await desk.place(
                OrderRequest(symbol: symbol, side: side, notional: notional, quantity: nil),
                portfolio: manual.portfolio.id, owner: "u1", actor: "test")
        }
        _ = try await MarketDataImporter(store: store).importObservations(
            prices: [
                PriceObservation(symbol: "AAPL", date: "2024-02-26", close: "101.5"),
                PriceObservation(symbol: "KO", date: "2024-02-26", close: "41.1"),
            ], fxRates: [], provider: "csv")
        _ = try await desk.settle()
        _ = try await desk.moveCash("-100", portfolio: manual.portfolio.id, owner: "u1", actor: "test")
    }

    @Test(
        "one batch, random chunks with restarts, and live following give identical read models", arguments: [1, 2, 3])
    func determinism(seed: UInt64) async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try await TestServer.seeded(scratch).database.localFile
        let store = try SQLiteEventStore(path: path)
        var patch = StrategyConfigPatch()
        patch[\.rebalanceFrequency] = "weekly"
        patch.reason = "determinism"
        _ = try await IndexDesk(store: store).changeConfig(patch, actor: "test", recompute: true)
        try await Self.tradePortfolios(store)
        let head = try await store.headPosition()
        var random = SplitMix64(seed: seed)

        let once = try DatabaseQueue(path: scratch.path("once.sqlite"))
        let batch = ProjectionRunner(
            projectors: ShippedProjectors.all, store: store, database: once, batchSize: 1_000_000)
        try await batch.prepare()
        try await batch.catchUp()

        let revealed = RevealedLog(store)
        let chunked = try DatabaseQueue(path: scratch.path("chunked.sqlite"))
        var restarts = 0
        while revealed.limit < head {
            revealed.limit = min(head, revealed.limit + Int64(random.next(upTo: UInt64(head / 6) + 1)))
            let runner = ProjectionRunner(
                projectors: ShippedProjectors.all, store: revealed, database: chunked,
                batchSize: Int(random.next(upTo: 40)))
            try await runner.prepare()
            try await runner.catchUp()
            restarts += 1
        }
        #expect(restarts >= 6)

        let growing = RevealedLog(store)
        let live = try DatabaseQueue(path: scratch.path("live.sqlite"))
        let follower = ProjectionRunner(
            projectors: ShippedProjectors.all, store: growing, database: live, batchSize: Int(random.next(upTo: 40)))
        try await follower.prepare()
        let following = Task { try await follower.run() }
        while growing.limit < head {
            growing.limit = min(head, growing.limit + Int64(random.next(upTo: 25)))
            try await Task.sleep(for: .milliseconds(Int(random.next(upTo: 3))))
        }
        for projector in ShippedProjectors.all {
            #expect(try await follower.waitUntil(projector.name, reaches: head, timeout: .seconds(30)))
        }
        following.cancel()
        _ = await following.result

        for table in ShippedProjectors.all.flatMap(\.tables) {
            let (rows, chunkDifference) = try ReplayVerification.compare(table, once, chunked)
            #expect(chunkDifference == nil, "\(table) after \(rows) rows: \(String(describing: chunkDifference))")
            let (_, liveDifference) = try ReplayVerification.compare(table, once, live)
            #expect(liveDifference == nil, "\(table): \(String(describing: liveDifference))")
        }
        let (values, _) = try ReplayVerification.compare("index_values", once, live)
        #expect(values > 40)
        let (portfolioValues, _) = try ReplayVerification.compare("portfolio_values", once, live)
        #expect(portfolioValues > 40)
        let (orders, _) = try ReplayVerification.compare("portfolio_orders", once, live)
        #expect(orders > 10)
    }
}

/// The log as it was up to `limit`: a store that shows only the events at or before it, so tests can
/// replay a recorded log as if it were being written.
final class RevealedLog: EventStore {
    private let store: SQLiteEventStore
    private let revealed = Mutex<Int64>(0)

    init(_ store: SQLiteEventStore) {
        self.store = store
    }

    var limit: Int64 {
        get { revealed.withLock { $0 } }
        set { revealed.withLock { $0 = newValue } }
    }

    func append(_ request: AppendRequest) async throws -> AppendResult {
        throw EventStoreError.invalidAppend("a revealed log is read-only")
    }

    func read(after position: Int64, limit count: Int, filter: EventFilter) async throws -> [RecordedEvent] {
        let limit = self.limit
        guard position < limit else { return [] }
        return try await store.read(after: position, limit: count, filter: filter).filter { $0.position <= limit }
    }

    func read(stream: StreamName, fromVersion version: Int64) async throws -> [RecordedEvent] {
        let limit = self.limit
        return try await store.read(stream: stream, fromVersion: version).filter { $0.position <= limit }
    }

    func headPosition() async throws -> Int64 { min(limit, try await store.headPosition()) }

    func lastPosition(recordedThrough timestamp: String) async throws -> Int64 {
        min(limit, try await store.lastPosition(recordedThrough: timestamp))
    }

    func waitForAppend(after position: Int64, timeout: Duration) async throws -> Int64 {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while try await headPosition() <= position, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
        return try await headPosition()
    }

    func verify() async throws -> ChainVerification { try await store.verify() }

    func exportedEvents(after position: Int64, limit count: Int) async throws -> [ExportedEvent] {
        try await store.exportedEvents(after: position, limit: count).filter { $0.position <= limit }
    }

    func idempotencyRecords(lastPositionIn positions: ClosedRange<Int64>) async throws -> [IdempotencyRecord] {
        try await store.idempotencyRecords(lastPositionIn: positions).filter { $0.lastPosition <= limit }
    }

    func missingAppendOnlyGuards() async throws -> [String] { try await store.missingAppendOnlyGuards() }
}

/// A small seeded generator, so each run of the property is reproducible.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A value from 1 to `bound` (at least 1).
    mutating func next(upTo bound: UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z % max(bound, 1) + 1
    }
}
