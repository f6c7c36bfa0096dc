import EventSourcing
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Writes append requests in shared commits (group commit), as the SQLite store does, with positions
/// and hashes assigned under the log's transaction-scoped advisory lock.
///
/// Callers queue their request; one drain loop at a time takes everything queued and commits it
/// together. The committer remembers the head it last wrote or read and the versions of the streams
/// it has seen (``LogView``), plans from them in memory (``CommitPlan``), and writes in one
/// autocommit call that takes the lock and inserts only when the head is still the one planned from
/// (``PostgresStatements/appendPlanned(_:expectedHead:streams:keys:_:schema:logger:)``). When another
/// instance wrote meanwhile, the call answers the current state and the commit is planned again; when
/// the committer knows too little (its first commit, a stream it has not seen, a request that fails
/// its expected version), it takes the lock in a transaction, reads, plans and inserts under it.
/// Either way every appender in every process holds the same lock from checking the head to
/// committing, so position N+1 is never visible before N.
final class PostgresCommitter: Sendable {
    /// The log as of the head this instance last wrote or read under the lock: the versions it holds
    /// are right as long as the head has not moved.
    struct LogView {
        var head: (position: Int64, hash: String, recordedAt: String)
        var versions: [String: Int64]

        /// The most stream versions remembered; past it, only the last commit's are kept.
        static let capacity = 10_000

        /// This view after `state` was read: the versions read are added to those remembered when
        /// the head has not moved, and replace them when it has.
        func updated(with state: PostgresStatements.LogState) -> LogView {
            let moved = state.head.position != head.position || versions.count > Self.capacity
            return LogView(
                head: state.head, versions: moved ? state.versions : versions.merging(state.versions) { $1 })
        }

        /// This view after `plan` was written on top of it.
        func written(_ plan: CommitPlan) -> LogView {
            let base = versions.count > Self.capacity ? [:] : versions
            return LogView(
                head: (plan.head.position, plan.head.hash, plan.recordedAt),
                versions: base.merging(plan.versions) { $1 })
        }
    }

    private let client: PostgresClient
    private let schema: PostgresLogSchema
    private let clock: WallClock
    private let logger: Logger
    private let queue = CommitQueue()
    /// Read and written by the one drain loop running at a time.
    private let view = Mutex<LogView?>(nil)
    /// How many times a commit is planned again from the answered state before it takes the lock.
    private static let replans = 3

    init(client: PostgresClient, schema: PostgresLogSchema, clock: WallClock, logger: Logger) {
        self.client = client
        self.schema = schema
        self.clock = clock
        self.logger = logger
    }

    /// Appends one request; returns its result and the log's head after the commit that held it.
    func submit(_ request: AppendRequest) async throws -> (AppendResult, Int64) {
        try await queue.submit(request) { Task { await self.drain() } }
    }

    /// Commits batches until the queue is empty, each gathering the callers it expects for at most
    /// ``CommitQueue/gatheringWindow``.
    private func drain() async {
        while true {
            var batch = queue.take()
            guard !batch.isEmpty else { return }
            let deadline = ContinuousClock.now + .seconds(CommitQueue.gatheringWindow)
            while queue.gatherMore(into: &batch), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .microseconds(20))
            }
            let (outcomes, head) = await commit(batch.map(\.request))
            queue.answer(batch, outcomes, head: head)
        }
    }

    /// Commits `requests` together. When that fails for a reason other than the database being
    /// unreachable, each request is tried alone, so one bad request fails only itself.
    private func commit(_ requests: [AppendRequest]) async -> ([Result<AppendResult, any Error>], Int64) {
        do {
            return try await commitTogether(requests)
        } catch {
            // Whether it was written is unknown: plan the next commit from what the database says.
            view.withLock { $0 = nil }
            let error = PostgresAvailability.classify(error)
            if requests.count > 1, !(error is EventStoreError) {
                var outcomes: [Result<AppendResult, any Error>] = []
                var head: Int64 = -1
                for request in requests {
                    let (outcome, after) = await commit([request])
                    outcomes += outcome
                    head = max(head, after)
                }
                return (outcomes, head)
            }
            if case EventStoreError.unavailable = error {
                logger.warning("append failed: the database is unavailable", metadata: ["error": "\(error)"])
            }
            return (requests.map { _ in .failure(error) }, -1)
        }
    }

    private func commitTogether(_ requests: [AppendRequest]) async throws -> ([Result<AppendResult, any Error>], Int64)
    {
        let streams = Array(Set(requests.flatMap { $0.streams.map(\.stream.rawValue) }))
        let keys = requests.compactMap(\.idempotencyKey)
        var known = view.withLock { $0 }
        var records: [String: (digest: String, result: AppendResult)] = [:]
        for _ in 0..<Self.replans {
            guard let base = known, streams.allSatisfy({ base.versions[$0] != nil }) else { break }
            let now = UTCTimestamp.format(clock.now())
            var plan = CommitPlan(
                head: (base.head.position, base.head.hash), recordedAt: max(now, base.head.recordedAt),
                versions: base.versions, records: records)
            let outcomes = requests.map { plan.plan($0) }
            // A failure planned from memory is confirmed under the lock; so is a commit too large for one call.
            guard !plan.rows.isEmpty, plan.rows.count <= PostgresStatements.chunk,
                !outcomes.contains(where: { (try? $0.get()) == nil })
            else { break }
            guard
                let state = try await PostgresStatements.appendPlanned(
                    plan, expectedHead: base.head.position, streams: streams, keys: keys, client, schema: schema,
                    logger: logger)
            else {
                view.withLock { $0 = base.written(plan) }
                return (outcomes, plan.head.position)
            }
            known = base.updated(with: state)
            records = state.records
        }
        return try await commitLocked(requests, streams: streams, keys: keys, known: known)
    }

    /// Commits `requests` in one transaction that holds the lock while it reads, plans and inserts.
    private func commitLocked(
        _ requests: [AppendRequest], streams: [String], keys: [String], known: LogView?
    ) async throws -> ([Result<AppendResult, any Error>], Int64) {
        let (schema, logger, now) = (schema, logger, UTCTimestamp.format(clock.now()))
        let (outcomes, head, after) = try await client.withConnection { connection in
            try await PostgresAvailability.transaction(connection, logger: logger) { connection in
                let state = try await PostgresStatements.prepare(
                    streams: streams, keys: keys, connection, schema: schema, logger: logger)
                let read = known?.updated(with: state) ?? LogView(head: state.head, versions: state.versions)
                // Times never run backwards along the log, whichever instance's clock wrote the last event.
                var plan = CommitPlan(
                    head: (state.head.position, state.head.hash), recordedAt: max(now, state.head.recordedAt),
                    versions: state.versions, records: state.records)
                let outcomes = requests.map { plan.plan($0) }
                guard !plan.rows.isEmpty else { return (outcomes, state.head.position, read) }
                try await PostgresStatements.finish(plan, connection, schema: schema, logger: logger)
                return (outcomes, plan.head.position, read.written(plan))
            }
        }
        view.withLock { $0 = after }
        return (outcomes, head)
    }
}
