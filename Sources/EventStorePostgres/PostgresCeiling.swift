import EventSourcing
import Foundation
import Logging
import PostgresNIO

/// What PostgreSQL alone does here with the log's table (a copy with its indexes and constraints), through a bare postgres-nio loop: no
/// hashing, no JSON, no validation, no lock and no group commit; batches go through the store's own
/// INSERT statement with the same nine column arrays. The store's append figures are read
/// against these, measured in the same run.
public enum PostgresCeiling {
    public struct Figures: Sendable {
        /// One connection, one row per commit, as `append_single_events_per_s`.
        public var singleCommitRowsPerSecond: Double
        /// Transactions of 1,000 rows inserted with one statement, as `append_batched_events_per_s`.
        public var batchedRowsPerSecond: Double
        /// 16 connections each committing one row at a time, as `append_concurrent_events_per_s`.
        public var concurrentCommitRowsPerSecond: Double
    }

    /// Measures the three shapes in a table of their own in `location`'s schema (dropped afterwards).
    public static func measure(_ location: PostgresLocation, rows: Int, payload: Data, metadata: Data, logger: Logger)
        async throws -> Figures
    {
        let client = PostgresClient(configuration: location.clientConfiguration(), backgroundLogger: logger)
        let pool = Task { await client.run() }
        defer { pool.cancel() }
        let table = "\"\(location.schema)\".ceiling"
        let events = PostgresLogSchema(schema: location.schema).events
        try await client.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(table)"), logger: logger)
        try await client.query(
            PostgresQuery(
                // The log's own table shape: its columns, generated column, constraints and indexes.
                unsafeSQL: "CREATE TABLE \(table) (LIKE \(events) INCLUDING ALL)"), logger: logger)
        let (payloadText, metadataText) = (
            String(decoding: payload, as: UTF8.self), String(decoding: metadata, as: UTF8.self)
        )
        let hash = String(repeating: "a", count: 64)
        let recordedAt = "2026-01-01T00:00:00.000000Z"
        let insertOne = """
            INSERT INTO \(table) (position, stream, version, type, schema_version, payload, metadata, recorded_at, hash)
            VALUES ($1, $2, $3, 'PriceFetched', 1, $4, $5, $6, $7)
            """
        func one(_ position: Int64, _ stream: String, _ version: Int64) -> PostgresQuery {
            PostgresQuery(
                unsafeSQL: insertOne,
                binds: PostgresLogSchema.binds(position, stream, version, payloadText, metadataText, recordedAt, hash))
        }

        let singles = min(rows, 3000)
        let single = try await seconds {
            try await client.withConnection { connection in
                for n in 0..<singles {
                    try await connection.query(one(Int64(n + 1), "asset-SINGLE", Int64(n + 1)), logger: logger)
                }
            }
        }

        var position = Int64(singles)
        let base = position
        // The store's own statement and binding: nine arrays, one INSERT per 1,000 rows.
        let batched = try await seconds {
            try await client.withConnection { connection in
                for start in stride(from: 0, to: rows, by: 1000) {
                    let count = min(1000, rows - start)
                    let batch = (0..<count).map { offset in
                        CommitPlan.Row(
                            fields: HashChain.Fields(
                                previousHash: hash, position: base + Int64(start + offset + 1), stream: "asset-RAW",
                                version: Int64(start + offset + 1), type: "PriceFetched", schemaVersion: 1,
                                payload: payload, metadata: metadata, recordedAt: recordedAt),
                            hash: hash)
                    }
                    try await PostgresAvailability.transaction(connection, logger: logger) { connection in
                        try await PostgresStatements.insert(batch, connection, table: table, logger: logger)
                    }
                }
            }
        }
        position += Int64(rows)

        let callers = 16
        let perCaller = max(1, min(rows, 32_000) / callers)
        let first = position
        let concurrent = try await seconds {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<callers {
                    group.addTask {
                        try await client.withConnection { connection in
                            for n in 0..<perCaller {
                                let at = first + Int64(caller * perCaller + n + 1)
                                try await connection.query(one(at, "asset-R\(caller)", Int64(n + 1)), logger: logger)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await client.query(PostgresQuery(unsafeSQL: "DROP TABLE \(table)"), logger: logger)
        return Figures(
            singleCommitRowsPerSecond: Double(singles) / single, batchedRowsPerSecond: Double(rows) / batched,
            concurrentCommitRowsPerSecond: Double(callers * perCaller) / concurrent)
    }

    private static func seconds(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return max(1e-9, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
