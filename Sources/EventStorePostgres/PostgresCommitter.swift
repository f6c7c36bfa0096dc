import EventSourcing
import Foundation
import Logging
import PostgresNIO

/// Writes append requests in shared transactions (group commit), as the SQLite store does, with
/// positions and hashes assigned under the log's transaction-scoped advisory lock.
///
/// Callers queue their request; one drain loop at a time takes everything queued and commits it in
/// one transaction: it takes the lock, reads the head and the streams' versions, plans every request
/// in memory (``CommitPlan``), inserts all rows with one statement, and notifies the other instances.
/// Because every appender in every process holds the same lock from reading the head to committing,
/// position N+1 is never visible before N.
final class PostgresCommitter: Sendable {
    private let client: PostgresClient
    private let schema: PostgresLogSchema
    private let clock: WallClock
    private let logger: Logger
    private let queue = CommitQueue()

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

    private func drain() async {
        while true {
            let batch = queue.take()
            guard !batch.isEmpty else { return }
            let (outcomes, head) = await commit(batch.map(\.request))
            CommitQueue.answer(batch, outcomes, head: head)
        }
    }

    /// Commits `requests` in one transaction. When the transaction fails for a reason other than the
    /// database being unreachable, each request is tried alone, so one bad request fails only itself.
    private func commit(_ requests: [AppendRequest]) async -> ([Result<AppendResult, any Error>], Int64) {
        do {
            return try await commitTogether(requests)
        } catch {
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
        let (schema, logger, now) = (schema, logger, UTCTimestamp.format(clock.now()))
        return try await client.withConnection { connection in
            try await PostgresAvailability.transaction(connection, logger: logger) { connection in
                let streams = Array(Set(requests.flatMap { $0.streams.map(\.stream.rawValue) }))
                let (head, versions, records) = try await PostgresStatements.prepare(
                    streams: streams, keys: requests.compactMap(\.idempotencyKey), connection, schema: schema,
                    logger: logger)
                // Times never run backwards along the log, whichever instance's clock wrote the last event.
                var plan = CommitPlan(
                    head: (head.position, head.hash), recordedAt: max(now, head.recordedAt), versions: versions,
                    records: records)
                let outcomes = requests.map { plan.plan($0) }
                guard !plan.rows.isEmpty else { return (outcomes, head.position) }
                try await PostgresStatements.finish(plan, connection, schema: schema, logger: logger)
                return (outcomes, plan.head.position)
            }
        }
    }
}
