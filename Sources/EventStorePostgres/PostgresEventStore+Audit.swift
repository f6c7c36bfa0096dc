import EventSourcing
import Foundation
import Logging
import PostgresNIO

extension PostgresEventStore {
    /// Walks the whole log in position order with a ``ChainWalk``, a page at a time.
    public func verify() async throws -> ChainVerification {
        var walk = ChainWalk()
        while walk.problem == nil {
            let page = try await exportedEvents(after: walk.position, limit: 10_000)
            guard !page.isEmpty else { break }
            for event in page where !walk.check(event) { break }
        }
        return walk.verification
    }

    public func exportedEvents(after position: Int64, limit: Int) async throws -> [ExportedEvent] {
        let (events, logger) = (schema.events, logger)
        return try await withConnection { connection in
            var previous = HashChain.genesis
            if position > 0 {
                previous =
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL: "SELECT hash FROM \(events) WHERE position = $1",
                            binds: PostgresLogSchema.binds(position)), logger: logger
                    ).collect().first?.decode(String.self) ?? HashChain.genesis
            }
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT \(Self.columns) FROM \(events) WHERE position > $1 ORDER BY position LIMIT $2",
                    binds: PostgresLogSchema.binds(position, Int64(max(0, limit)))), logger: logger)
            var exported: [ExportedEvent] = []
            for try await row in rows {
                let (position, stream, version, type, schemaVersion, payload, metadata, recordedAt, hash) =
                    try row.decode((Int64, String, Int64, String, Int, String, String, String, String).self)
                exported.append(
                    ExportedEvent(
                        position: position, stream: stream, version: version, type: type, schemaVersion: schemaVersion,
                        payload: payload, metadata: metadata, recordedAt: recordedAt, previousHash: previous, hash: hash
                    ))
                previous = hash
            }
            return exported
        }
    }

    public func idempotencyRecords(lastPositionIn positions: ClosedRange<Int64>) async throws -> [IdempotencyRecord] {
        let (keys, logger) = (schema.idempotencyKeys, logger)
        return try await withConnection { connection in
            let rows = try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT key, request_digest, result, last_position FROM \(keys)
                        WHERE last_position BETWEEN $1 AND $2 ORDER BY last_position, key
                        """, binds: PostgresLogSchema.binds(positions.lowerBound, positions.upperBound)), logger: logger
            )
            var records: [IdempotencyRecord] = []
            for try await (key, digest, result, last) in rows.decode((String, String, String, Int64).self) {
                records.append(IdempotencyRecord(key: key, requestDigest: digest, result: result, lastPosition: last))
            }
            return records
        }
    }

    public func missingAppendOnlyGuards() async throws -> [String] {
        let (schema, logger) = (schema, logger)
        return try await withConnection { try await schema.missingGuards($0, logger: logger) }
    }

    /// Appends records copied from another log exactly as they were: positions, versions, times and
    /// hashes, with their idempotency records. The first must follow this log's head and every one
    /// must chain from the one before, or nothing is written.
    /// - Returns: the new head position.
    /// - Throws: `EventStoreError.corruptRecord` naming the first record that does not chain.
    @discardableResult
    public func importRecords(_ records: [ExportedEvent], idempotency: [IdempotencyRecord]) async throws -> Int64 {
        guard let first = records.first else { return try await headPosition() }
        let (schema, logger) = (schema, logger)
        let head = try await withConnection { connection in
            try await PostgresAvailability.transaction(connection, logger: logger) { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(PostgresLocks.append(schema.schema)))", logger: logger)
                let head = try await PostgresStatements.head(connection, schema: schema, logger: logger)
                guard first.position == head.position + 1, first.previousHash == head.hash else {
                    throw EventStoreError.corruptRecord(
                        "position \(first.position) does not follow this log's head \(head.position) (\(head.hash))")
                }
                var walk = ChainWalk(after: head.position, hash: head.hash)
                for record in records where !walk.check(record) {
                    throw EventStoreError.corruptRecord(walk.problem?.reason ?? "the chain breaks")
                }
                let rows = records.map { record in
                    CommitPlan.Row(
                        fields: HashChain.Fields(
                            previousHash: record.previousHash, position: record.position, stream: record.stream,
                            version: record.version, type: record.type, schemaVersion: record.schemaVersion,
                            payload: Data(record.payload.utf8), metadata: Data(record.metadata.utf8),
                            recordedAt: record.recordedAt),
                        hash: record.hash)
                }
                try await PostgresStatements.insert(rows, connection, schema: schema, logger: logger)
                try await PostgresStatements.insert(idempotency, connection, schema: schema, logger: logger)
                try await connection.query(
                    "SELECT pg_notify(\(schema.channel), \(String(walk.position)))", logger: logger)
                return walk.position
            }
        }
        signal.publish(head: head)
        return head
    }
}

/// The schema steps `autoindex migrate-schema` runs, as the schema's owner.
public enum PostgresSchemaMigration {
    /// What a run did.
    public struct Report: Sendable, Codable {
        public var schema: String
        public var applied: [Int]
        public var version: Int
        public var granted: String?
    }

    /// Applies the missing migrations and, when `serviceRole` is given, grants it INSERT and SELECT
    /// on the log (and nothing else).
    public static func run(_ location: PostgresLocation, grantingTo serviceRole: String?, logger: Logger) async throws
        -> Report
    {
        let schema = PostgresLogSchema(schema: location.schema)
        let client = PostgresClient(configuration: location.clientConfiguration(), backgroundLogger: logger)
        let pool = Task { await client.run() }
        defer { pool.cancel() }
        return try await PostgresAvailability.bounded(location.timeout * 6) {
            try await client.withConnection { connection in
                let applied = try await schema.migrate(connection, logger: logger)
                if let serviceRole { try await schema.grant(to: serviceRole, on: connection, logger: logger) }
                return Report(
                    schema: location.schema, applied: applied,
                    version: try await schema.currentVersion(connection, logger: logger), granted: serviceRole)
            }
        }
    }
}

extension PostgresEventStore {
    /// The bytes the log's tables and indexes take.
    public func databaseBytes() async throws -> Int64 {
        let (schema, logger) = (schema, logger)
        return try await withConnection { connection in
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT COALESCE(pg_total_relation_size(to_regclass($1)), 0)
                            + COALESCE(pg_total_relation_size(to_regclass($2)), 0)
                        """, binds: PostgresLogSchema.binds(schema.events, schema.idempotencyKeys)), logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
        }
    }

    /// Drops the log's schema with everything in it: for scratch logs (benchmarks) only.
    public func dropSchema() async throws {
        let (schema, logger) = (schema.schema, logger)
        guard schema != "public" else { throw EventStoreError.invalidAppend("the public schema is never dropped") }
        try await withConnection { connection in
            _ = try await connection.query(
                PostgresQuery(unsafeSQL: "DROP SCHEMA \"\(schema)\" CASCADE"), logger: logger
            ).collect()
        }
    }
}
