import EventSourcing
import Foundation
import Logging
import PostgresNIO

/// The statements of the append path: few round trips per commit, rows as one array per column.
enum PostgresStatements {
    /// The most rows one INSERT carries.
    static let chunk = 5000

    /// The last event's position, hash and time (position 0 and the genesis hash for an empty log).
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

    /// What a commit plans from: the head, the streams' versions and the keys' stored records, as
    /// read under the append lock.
    struct LogState {
        var head: (position: Int64, hash: String, recordedAt: String) = (0, HashChain.genesis, "")
        var versions: [String: Int64] = [:]
        var records: [String: (digest: String, result: AppendResult)] = [:]
    }

    /// Takes the append lock and reads the head, the streams' versions and the keys' records, in one
    /// round trip (``PostgresLogSchema/prepareAppend``).
    static func prepare(
        streams: [String], keys: [String], _ connection: PostgresConnection, schema: PostgresLogSchema, logger: Logger
    ) async throws -> LogState {
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: "SELECT kind, name, number, first, second FROM \(schema.prepareAppend)($1, $2, $3)",
                binds: PostgresLogSchema.binds(PostgresLocks.append(schema.schema), streams, keys)), logger: logger
        ).collect()
        return try state(rows).state
    }

    /// Writes `plan`, made from the log at `expectedHead`, in one autocommit call
    /// (``PostgresLogSchema/appendPlanned``).
    /// - Returns: `nil` when it was written; otherwise the log's state under the lock (the head had
    ///   moved or a key was stored meanwhile), and nothing was written.
    static func appendPlanned(
        _ plan: CommitPlan, expectedHead: Int64, streams: [String], keys: [String], _ client: PostgresClient,
        schema: PostgresLogSchema, logger: Logger
    ) async throws -> LogState? {
        var bindings = PostgresBindings(capacity: 18)
        bindings.append(PostgresLocks.append(schema.schema))
        bindings.append(expectedHead)
        bindings.append(streams)
        bindings.append(keys)
        appendColumns(of: plan.rows[...], to: &bindings)
        bindings.append(plan.newRecords.map(\.key))
        bindings.append(plan.newRecords.map(\.requestDigest))
        bindings.append(plan.newRecords.map(\.result))
        bindings.append(plan.newRecords.map(\.lastPosition))
        bindings.append(schema.channel)
        let placeholders = (1...18).map { "$\($0)" }.joined(separator: ", ")
        let rows = try await client.query(
            PostgresQuery(
                unsafeSQL: "SELECT kind, name, number, first, second FROM \(schema.appendPlanned)(\(placeholders))",
                binds: bindings), logger: logger
        ).collect()
        let (written, state) = try state(rows)
        return written ? nil : state
    }

    /// Decodes the rows both functions answer: `('written', …)`, or the head, streams and keys.
    private static func state(_ rows: [PostgresRow]) throws -> (written: Bool, state: LogState) {
        var state = LogState()
        var written = false
        for row in rows {
            let (kind, name, number, first, second) = try row.decode((String, String, Int64?, String?, String?).self)
            switch kind {
            case "written": written = true
            case "head": state.head = (number ?? 0, first ?? HashChain.genesis, name)
            case "stream": state.versions[name] = number ?? 0
            default:
                let result = try JSONDecoder().decode(AppendResult.self, from: Data((second ?? "").utf8))
                state.records[name] = (first ?? "", result)
            }
        }
        return (written, state)
    }

    /// Writes a planned commit (its rows, its new idempotency records and the notification) in one
    /// statement when the rows fit one.
    static func finish(_ plan: CommitPlan, _ connection: PostgresConnection, schema: PostgresLogSchema, logger: Logger)
        async throws
    {
        guard plan.rows.count <= chunk else {
            try await insert(plan.rows, connection, schema: schema, logger: logger)
            try await insert(plan.newRecords, connection, schema: schema, logger: logger)
            try await connection.query(
                "SELECT pg_notify(\(schema.channel), \(String(plan.head.position)))", logger: logger)
            return
        }
        var bindings = rowBindings(plan.rows[...])
        bindings.append(plan.newRecords.map(\.key))
        bindings.append(plan.newRecords.map(\.requestDigest))
        bindings.append(plan.newRecords.map(\.result))
        bindings.append(plan.newRecords.map(\.lastPosition))
        bindings.append(schema.channel)
        bindings.append(String(plan.head.position))
        _ = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    WITH written AS (
                        \(insertEvents) RETURNING position
                    ), keyed AS (
                        INSERT INTO \(schema.idempotencyKeys) (key, request_digest, result, last_position)
                        SELECT * FROM unnest($10::text[], $11::text[], $12::text[], $13::bigint[]) RETURNING key
                    )
                    SELECT pg_notify($14, $15), (SELECT count(*) FROM written), (SELECT count(*) FROM keyed)
                    """.replacingOccurrences(of: "EVENTS", with: schema.events), binds: bindings), logger: logger
        ).collect()
    }

    /// `INSERT INTO EVENTS … SELECT * FROM unnest($1 … $9)`, with `EVENTS` for the table.
    private static let insertEvents = """
        INSERT INTO EVENTS (position, stream, version, type, schema_version, payload, metadata, recorded_at, hash)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::text[], $7::text[],
            $8::text[], $9::text[])
        """

    /// Inserts rows with one statement per ``chunk`` rows.
    static func insert(
        _ rows: [CommitPlan.Row], _ connection: PostgresConnection, schema: PostgresLogSchema, logger: Logger
    ) async throws {
        try await insert(rows, connection, table: schema.events, logger: logger)
    }

    /// Inserts rows into `table` (the log's, or a copy of it) with one statement per ``chunk`` rows.
    static func insert(_ rows: [CommitPlan.Row], _ connection: PostgresConnection, table: String, logger: Logger)
        async throws
    {
        for start in stride(from: 0, to: rows.count, by: chunk) {
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: insertEvents.replacingOccurrences(of: "EVENTS", with: table),
                    binds: rowBindings(rows[start..<min(rows.count, start + chunk)])), logger: logger)
        }
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

    /// The nine column arrays of `rows`, as $1 … $9.
    private static func rowBindings(_ rows: ArraySlice<CommitPlan.Row>) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 15)
        appendColumns(of: rows, to: &bindings)
        return bindings
    }

    /// Appends the nine column arrays of `rows` to `bindings`.
    private static func appendColumns(of rows: ArraySlice<CommitPlan.Row>, to bindings: inout PostgresBindings) {
        bindings.append(rows.map(\.fields.position))
        bindings.append(rows.map(\.fields.stream))
        bindings.append(rows.map(\.fields.version))
        bindings.append(rows.map(\.fields.type))
        bindings.append(rows.map { Int32($0.fields.schemaVersion) })
        bindings.append(rows.map { String(decoding: $0.fields.payload, as: UTF8.self) })
        bindings.append(rows.map { String(decoding: $0.fields.metadata, as: UTF8.self) })
        bindings.append(rows.map(\.fields.recordedAt))
        bindings.append(rows.map(\.hash))
    }
}
