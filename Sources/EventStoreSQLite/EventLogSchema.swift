import GRDB

/// The log's tables, created by named migrations that are never edited once shipped.
///
/// The database itself keeps the log's rules: triggers reject UPDATE and DELETE; the primary key and
/// `UNIQUE(stream, version)` reject a reused position or version. Gap-freedom comes from the single
/// writer taking `head + 1` inside its transaction, and `verify` checks it: insert triggers that
/// re-checked it cost a third of the append throughput.
enum EventLogSchema {
    static let appendOnlyTriggers = [
        "events_reject_update", "events_reject_delete", "idempotency_keys_reject_update",
        "idempotency_keys_reject_delete",
    ]

    /// The migration every AutoIndex log has: what tells one from any other SQLite file.
    static let firstMigration = "v1-event-log"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(firstMigration) { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        position INTEGER PRIMARY KEY CHECK (position >= 1),
                        stream TEXT NOT NULL CHECK (instr(stream, '-') > 1),
                        category TEXT NOT NULL GENERATED ALWAYS AS (substr(stream, 1, instr(stream, '-') - 1)) VIRTUAL,
                        version INTEGER NOT NULL CHECK (version >= 1),
                        type TEXT NOT NULL,
                        schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
                        payload TEXT NOT NULL,
                        metadata TEXT NOT NULL,
                        recorded_at TEXT NOT NULL,
                        hash TEXT NOT NULL CHECK (length(hash) = 64),
                        UNIQUE (stream, version)
                    );
                    CREATE INDEX events_by_type ON events (type, position);
                    CREATE INDEX events_by_category ON events (category, position);

                    CREATE TRIGGER events_reject_update BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE of events is not allowed'); END;
                    CREATE TRIGGER events_reject_delete BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE from events is not allowed'); END;

                    CREATE TABLE idempotency_keys (
                        key TEXT PRIMARY KEY,
                        request_digest TEXT NOT NULL,
                        result TEXT NOT NULL CHECK (json_valid(result)),
                        last_position INTEGER NOT NULL REFERENCES events (position)
                    );
                    CREATE TRIGGER idempotency_keys_reject_update BEFORE UPDATE ON idempotency_keys
                    BEGIN SELECT RAISE(ABORT, 'idempotency keys are append-only: UPDATE is not allowed'); END;
                    CREATE TRIGGER idempotency_keys_reject_delete BEFORE DELETE ON idempotency_keys
                    BEGIN SELECT RAISE(ABORT, 'idempotency keys are append-only: DELETE is not allowed'); END;
                    """)
        }
        return migrator
    }
}
