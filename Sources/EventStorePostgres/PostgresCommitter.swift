import EventSourcing
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Writes append requests in shared transactions (group commit), as the SQLite store does, with
/// positions and hashes assigned under the log's transaction-scoped advisory lock.
///
/// Callers queue their request; one drain loop at a time takes everything queued and commits it in
/// one transaction: it takes the lock, reads the head and the streams' versions, plans every request
/// in memory (``CommitPlan``), inserts all rows with one statement, and notifies the other instances.
/// Because every appender in every process holds the same lock from reading the head to committing,
/// position N+1 is never visible before N.
final class PostgresCommitter: Sendable {
    private struct Waiting {
        var request: AppendRequest
        var continuation: CheckedContinuation<(AppendResult, Int64), any Error>
    }

    private struct State {
        var queue: [Waiting] = []
        var isDraining = false
    }

    private let client: PostgresClient
    private let schema: PostgresLogSchema
    private let clock: WallClock
    private let logger: Logger
    private let state = Mutex(State())

    init(client: PostgresClient, schema: PostgresLogSchema, clock: WallClock, logger: Logger) {
        self.client = client
        self.schema = schema
        self.clock = clock
        self.logger = logger
    }

    /// Appends one request; returns its result and the log's head after the commit that held it.
    func submit(_ request: AppendRequest) async throws -> (AppendResult, Int64) {
        try await withCheckedThrowingContinuation { continuation in
            let startDrain = state.withLock { state -> Bool in
                state.queue.append(Waiting(request: request, continuation: continuation))
                guard !state.isDraining else { return false }
                state.isDraining = true
                return true
            }
            if startDrain {
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                let batch = state.queue
                state.queue = []
                if batch.isEmpty { state.isDraining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            let (outcomes, head) = await commit(batch.map(\.request))
            for (waiting, outcome) in zip(batch, outcomes) {
                waiting.continuation.resume(with: outcome.map { ($0, head) })
            }
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
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(PostgresLocks.append(schema.schema)))", logger: logger)
                let head = try await Self.head(connection, schema: schema, logger: logger)
                let streams = Array(Set(requests.flatMap { $0.streams.map(\.stream.rawValue) }))
                let versions = try await Self.versions(of: streams, connection, schema: schema, logger: logger)
                let keys = requests.compactMap(\.idempotencyKey)
                let records = try await Self.records(keys, connection, schema: schema, logger: logger)
                // Times never run backwards along the log, whichever instance's clock wrote the last event.
                var plan = CommitPlan(
                    head: (head.position, head.hash), recordedAt: max(now, head.recordedAt), versions: versions,
                    records: records)
                let outcomes = requests.map { plan.plan($0) }
                guard !plan.rows.isEmpty else { return (outcomes, head.position) }
                try await Self.insert(plan.rows, connection, schema: schema, logger: logger)
                try await Self.insert(plan.newRecords, connection, schema: schema, logger: logger)
                try await connection.query(
                    "SELECT pg_notify(\(schema.channel), \(String(plan.head.position)))", logger: logger)
                return (outcomes, plan.head.position)
            }
        }
    }

    static func head(_ connection: PostgresConnection, schema: PostgresLogSchema, logger: Logger) async throws
        -> (position: Int64, hash: String, recordedAt: String)
    {
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: "SELECT position, hash, recorded_at FROM \(schema.events) ORDER BY position DESC LIMIT 1"),
            logger: logger
        ).collect()
        guard let row = rows.first else { return (0, HashChain.genesis, "") }
        let (position, hash, recordedAt) = try row.decode((Int64, String, String).self)
        return (position, hash, recordedAt)
    }

    private static func versions(
        of streams: [String], _ connection: PostgresConnection, schema: PostgresLogSchema, logger: Logger
    ) async throws -> [String: Int64] {
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT s.stream, (SELECT MAX(e.version) FROM \(schema.events) e WHERE e.stream = s.stream)
                    FROM unnest($1::text[]) AS s(stream)
                    """, binds: PostgresLogSchema.binds(streams)), logger: logger
        ).collect()
        var versions: [String: Int64] = [:]
        for row in rows {
            let (stream, version) = try row.decode((String, Int64?).self)
            versions[stream] = version ?? 0
        }
        return versions
    }

    private static func records(
        _ keys: [String], _ connection: PostgresConnection, schema: PostgresLogSchema, logger: Logger
    ) async throws -> [String: (digest: String, result: AppendResult)] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: "SELECT key, request_digest, result FROM \(schema.idempotencyKeys) WHERE key = ANY($1)",
                binds: PostgresLogSchema.binds(keys)), logger: logger
        ).collect()
        var records: [String: (digest: String, result: AppendResult)] = [:]
        for row in rows {
            let (key, digest, result) = try row.decode((String, String, String).self)
            records[key] = (digest, try JSONDecoder().decode(AppendResult.self, from: Data(result.utf8)))
        }
        return records
    }

    /// Inserts rows with one statement (one array per column) per 5,000 rows.
    static func insert(
        _ rows: [CommitPlan.Row], _ connection: PostgresConnection, schema: PostgresLogSchema, logger: Logger
    ) async throws {
        for start in stride(from: 0, to: rows.count, by: 5000) {
            try await insertChunk(
                rows[start..<min(rows.count, start + 5000)], connection, schema: schema, logger: logger)
        }
    }

    private static func insertChunk(
        _ rows: ArraySlice<CommitPlan.Row>, _ connection: PostgresConnection, schema: PostgresLogSchema,
        logger: Logger
    ) async throws {
        var bindings = PostgresBindings(capacity: 9)
        bindings.append(rows.map(\.fields.position))
        bindings.append(rows.map(\.fields.stream))
        bindings.append(rows.map(\.fields.version))
        bindings.append(rows.map(\.fields.type))
        bindings.append(rows.map { Int32($0.fields.schemaVersion) })
        bindings.append(rows.map { String(decoding: $0.fields.payload, as: UTF8.self) })
        bindings.append(rows.map { String(decoding: $0.fields.metadata, as: UTF8.self) })
        bindings.append(rows.map(\.fields.recordedAt))
        bindings.append(rows.map(\.hash))
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(schema.events)
                        (position, stream, version, type, schema_version, payload, metadata, recorded_at, hash)
                    SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::text[],
                        $7::text[], $8::text[], $9::text[])
                    """, binds: bindings), logger: logger)
    }

    /// Inserts idempotency records; a key already there (a resumed copy) is left as it is.
    static func insert(
        _ records: [IdempotencyRecord], _ connection: PostgresConnection, schema: PostgresLogSchema, logger: Logger
    ) async throws {
        guard !records.isEmpty else { return }
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(records.map(\.key))
        bindings.append(records.map(\.requestDigest))
        bindings.append(records.map(\.result))
        bindings.append(records.map(\.lastPosition))
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO \(schema.idempotencyKeys) (key, request_digest, result, last_position)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) ON CONFLICT (key) DO NOTHING
                    """, binds: bindings), logger: logger)
    }
}
