import GRDB

/// The log's tables, created by named migrations that are never edited once shipped.
///
/// The database itself keeps the log's rules: triggers reject UPDATE and DELETE, and an insert must
/// take the next global position and the next version of its stream.
enum EventLogSchema {
    static let appendOnlyTriggers = [
        "events_reject_update", "events_reject_delete", "idempotency_keys_reject_update",
        "idempotency_keys_reject_delete",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-event-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        position INTEGER PRIMARY KEY CHECK (position >= 1),
                        stream TEXT NOT NULL CHECK (instr(stream, '-') > 1),
                        category TEXT NOT NULL GENERATED ALWAYS AS (substr(stream, 1, instr(stream, '-') - 1)) VIRTUAL,
                        version INTEGER NOT NULL CHECK (version >= 1),
                        type TEXT NOT NULL,
                        schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
                        payload TEXT NOT NULL CHECK (json_valid(payload)),
                        metadata TEXT NOT NULL CHECK (json_valid(metadata)),
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
                    CREATE TRIGGER events_next_position BEFORE INSERT ON events
                    WHEN NEW.position IS NOT (SELECT COALESCE(MAX(position), 0) + 1 FROM events)
                    BEGIN SELECT RAISE(ABORT, 'event positions must be gap-free: insert the next position'); END;
                    CREATE TRIGGER events_next_version BEFORE INSERT ON events
                    WHEN NEW.version IS NOT (SELECT COALESCE(MAX(version), 0) + 1 FROM events WHERE stream = NEW.stream)
                    BEGIN SELECT RAISE(ABORT, 'stream versions must be gap-free: insert the next version'); END;

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
