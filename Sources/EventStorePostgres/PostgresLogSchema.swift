import Logging
import PostgresNIO

/// The log's tables on PostgreSQL, created by numbered migrations that are never edited once shipped.
///
/// As on SQLite, the database keeps the log's rules itself: triggers refuse UPDATE, DELETE and
/// TRUNCATE on the log and its idempotency records, whoever asks; the primary key and
/// `UNIQUE (stream, version)` refuse a reused position or version. ``grant(to:on:)`` gives the role
/// the service runs as INSERT and SELECT there, and nothing else.
struct PostgresLogSchema: Sendable {
    /// One migration: a number, a name, and the statements it runs.
    struct Migration: Sendable {
        var version: Int
        var name: String
        var statements: [String]
    }

    let schema: String

    /// The guards ``missingGuards(_:)`` looks for.
    static let appendOnlyTriggers = [
        "events_append_only", "events_no_truncate", "idempotency_keys_append_only", "idempotency_keys_no_truncate",
    ]

    var events: String { "\"\(schema)\".events" }
    var idempotencyKeys: String { "\"\(schema)\".idempotency_keys" }
    var migrationsTable: String { "\"\(schema)\".autoindex_schema_migrations" }
    /// The function that takes the append lock and reads the head, versions and keys (migration 2).
    var prepareAppend: String { "\"\(schema)\".autoindex_prepare_append" }
    /// The function that writes a planned commit in one call (migration 3).
    var appendPlanned: String { "\"\(schema)\".autoindex_append_planned" }
    /// The LISTEN/NOTIFY channel on which each commit announces the new head.
    var channel: String { "autoindex_log_\(schema)" }

    /// The migrations in order; the last one's number is the version this build needs.
    var migrations: [Migration] {
        [
            Migration(
                version: 1, name: "event-log",
                statements: [
                    """
                    CREATE TABLE \(events) (
                        position BIGINT PRIMARY KEY CHECK (position >= 1),
                        stream TEXT NOT NULL CHECK (strpos(stream, '-') > 1),
                        category TEXT NOT NULL GENERATED ALWAYS AS (split_part(stream, '-', 1)) STORED,
                        version BIGINT NOT NULL CHECK (version >= 1),
                        type TEXT NOT NULL,
                        schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
                        payload TEXT NOT NULL,
                        metadata TEXT NOT NULL,
                        recorded_at TEXT NOT NULL,
                        hash TEXT NOT NULL CHECK (length(hash) = 64),
                        UNIQUE (stream, version)
                    )
                    """,
                    "CREATE INDEX events_by_type ON \(events) (type, position)",
                    "CREATE INDEX events_by_category ON \(events) (category, position)",
                    "CREATE INDEX events_by_recorded_at ON \(events) (recorded_at, position)",
                    """
                    CREATE TABLE \(idempotencyKeys) (
                        key TEXT PRIMARY KEY,
                        request_digest TEXT NOT NULL,
                        result TEXT NOT NULL,
                        last_position BIGINT NOT NULL REFERENCES \(events) (position)
                    )
                    """,
                    "CREATE INDEX idempotency_keys_by_position ON \(idempotencyKeys) (last_position)",
                    """
                    CREATE FUNCTION "\(schema)".autoindex_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        RAISE EXCEPTION 'the event log is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
                            USING ERRCODE = 'insufficient_privilege';
                    END
                    $$
                    """,
                    """
                    CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON \(events)
                    FOR EACH ROW EXECUTE FUNCTION "\(schema)".autoindex_refuse_change()
                    """,
                    """
                    CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON \(events)
                    FOR EACH STATEMENT EXECUTE FUNCTION "\(schema)".autoindex_refuse_change()
                    """,
                    """
                    CREATE TRIGGER idempotency_keys_append_only BEFORE UPDATE OR DELETE ON \(idempotencyKeys)
                    FOR EACH ROW EXECUTE FUNCTION "\(schema)".autoindex_refuse_change()
                    """,
                    """
                    CREATE TRIGGER idempotency_keys_no_truncate BEFORE TRUNCATE ON \(idempotencyKeys)
                    FOR EACH STATEMENT EXECUTE FUNCTION "\(schema)".autoindex_refuse_change()
                    """,
                ]),
            Migration(
                version: 2, name: "append-in-fewer-round-trips",
                statements: [
                    // Takes the append lock, then reads what a commit plans from, in one call: as a
                    // VOLATILE function in READ COMMITTED, each statement after the lock sees every
                    // commit made before the lock was granted.
                    """
                    CREATE FUNCTION \(prepareAppend)(lock_key BIGINT, streams TEXT[], keys TEXT[])
                    RETURNS TABLE (kind TEXT, name TEXT, number BIGINT, first TEXT, second TEXT)
                    LANGUAGE plpgsql VOLATILE AS $$
                    BEGIN
                        PERFORM pg_advisory_xact_lock(lock_key);
                        RETURN QUERY SELECT 'head'::TEXT, e.recorded_at, e.position, e.hash, NULL::TEXT
                            FROM \(events) e ORDER BY e.position DESC LIMIT 1;
                        RETURN QUERY SELECT 'stream'::TEXT, s.stream,
                                (SELECT MAX(v.version) FROM \(events) v WHERE v.stream = s.stream), NULL::TEXT, NULL::TEXT
                            FROM unnest(streams) AS s(stream);
                        RETURN QUERY SELECT 'key'::TEXT, k.key, k.last_position, k.request_digest, k.result
                            FROM \(idempotencyKeys) k WHERE k.key = ANY(keys);
                    END
                    $$
                    """
                ]),
            Migration(
                version: 3, name: "append-in-one-round-trip",
                statements: [
                    // One autocommit call per commit: under the lock, when the head is still the one the
                    // caller planned from and none of its idempotency keys is stored, inserts the planned
                    // rows and records and notifies, answering ('written', new head); otherwise writes
                    // nothing and answers what `autoindex_prepare_append` answers, to plan again. The
                    // caller's stream versions are right as of the head it planned from, and an
                    // unchanged head means nobody has written since.
                    """
                    CREATE FUNCTION \(appendPlanned)(lock_key BIGINT, expected_head BIGINT, streams TEXT[],
                        keys TEXT[], positions BIGINT[], row_streams TEXT[], versions BIGINT[], types TEXT[],
                        schema_versions INT[], payloads TEXT[], metadatas TEXT[], recorded_ats TEXT[],
                        hashes TEXT[], key_names TEXT[], key_digests TEXT[], key_results TEXT[],
                        key_positions BIGINT[], channel TEXT)
                    RETURNS TABLE (kind TEXT, name TEXT, number BIGINT, first TEXT, second TEXT)
                    LANGUAGE plpgsql VOLATILE AS $$
                    DECLARE
                        head BIGINT;
                        new_head BIGINT := positions[array_length(positions, 1)];
                    BEGIN
                        PERFORM pg_advisory_xact_lock(lock_key);
                        SELECT COALESCE(MAX(e.position), 0) INTO head FROM \(events) e;
                        IF head <> expected_head OR new_head IS NULL
                            OR EXISTS (SELECT 1 FROM \(idempotencyKeys) k WHERE k.key = ANY(keys)) THEN
                            RETURN QUERY SELECT * FROM \(prepareAppend)(lock_key, streams, keys);
                            RETURN;
                        END IF;
                        INSERT INTO \(events) (position, stream, version, type, schema_version, payload, metadata,
                            recorded_at, hash)
                        SELECT * FROM unnest(positions, row_streams, versions, types, schema_versions, payloads,
                            metadatas, recorded_ats, hashes);
                        INSERT INTO \(idempotencyKeys) (key, request_digest, result, last_position)
                        SELECT * FROM unnest(key_names, key_digests, key_results, key_positions);
                        PERFORM pg_notify(channel, new_head::TEXT);
                        RETURN QUERY SELECT 'written'::TEXT, ''::TEXT, new_head, NULL::TEXT, NULL::TEXT;
                    END
                    $$
                    """
                ]),
        ]
    }

    /// The schema version this build needs.
    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// The version the database is at (0 before the first migration).
    func currentVersion(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let exists =
            try await connection.query(
                "SELECT to_regclass(\(migrationsTable)) IS NOT NULL", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
        guard exists else { return 0 }
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT COALESCE(MAX(version), 0) FROM \(migrationsTable)"), logger: logger
        ).collect()
        return try rows.first?.decode(Int.self) ?? 0
    }

    /// Applies every migration the database lacks, in order, each in its own transaction, under a
    /// lock so two instances migrating at once apply each migration once.
    /// - Returns: the versions applied.
    func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        try await connection.query(
            PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \"\(schema)\""), logger: logger)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    CREATE TABLE IF NOT EXISTS \(migrationsTable) (
                        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """), logger: logger)
        var applied: [Int] = []
        for migration in migrations {
            let done = try await connection.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(PostgresLocks.migration(schema)))", logger: logger)
                let rows = try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "SELECT 1 FROM \(migrationsTable) WHERE version = $1",
                        binds: Self.binds(migration.version)), logger: logger
                ).collect()
                guard rows.isEmpty else { return true }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "INSERT INTO \(migrationsTable) (version, name) VALUES ($1, $2)",
                        binds: Self.binds(migration.version, migration.name)), logger: logger)
                return false
            }
            if !done { applied.append(migration.version) }
        }
        return applied
    }

    /// Gives `role` what the service needs and no more: SELECT and INSERT on the log and its
    /// idempotency records, SELECT on the migrations table.
    func grant(to role: String, on connection: PostgresConnection, logger: Logger) async throws {
        guard PostgresLocation.isPlainIdentifier(role) else {
            throw PostgresLocationError("role \(role) must be a lowercase identifier (letters, digits, _)")
        }
        for statement in [
            "GRANT USAGE ON SCHEMA \"\(schema)\" TO \(role)",
            "REVOKE ALL ON \(events), \(idempotencyKeys), \(migrationsTable) FROM \(role)",
            "GRANT SELECT, INSERT ON \(events), \(idempotencyKeys) TO \(role)",
            "GRANT SELECT ON \(migrationsTable) TO \(role)",
        ] {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }

    /// The append-only triggers missing from the database.
    func missingGuards(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = $1 AND NOT t.tgisinternal AND t.tgenabled <> 'D'
                    """, binds: Self.binds(schema)), logger: logger
        ).collect()
        let present = Set(try rows.map { try $0.decode(String.self) })
        return Self.appendOnlyTriggers.filter { !present.contains($0) }
    }

    static func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { bindings.append(value) }
        return bindings
    }
}

/// The advisory lock keys of one schema's log: appends (held per transaction while positions and
/// hashes are assigned), migrations, and the leader lease.
enum PostgresLocks {
    static func append(_ schema: String) -> Int64 { key("append", schema) }
    static func migration(_ schema: String) -> Int64 { key("migrate", schema) }
    static func leader(_ schema: String, _ role: String) -> Int64 { key("leader:\(role)", schema) }

    /// A stable 64-bit key (FNV-1a) for `purpose` in `schema`.
    private static func key(_ purpose: String, _ schema: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "autoindex:\(schema):\(purpose)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
