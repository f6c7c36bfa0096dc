import EventSourcing
import GRDB

extension SQLiteEventStore {
    /// Walks the whole log in position order with a ``ChainWalk``.
    public func verify() async throws -> ChainVerification {
        try await database.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT position, stream, version, type, schema_version, payload, metadata, recorded_at, hash
                    FROM events ORDER BY position
                    """)
            var walk = ChainWalk()
            while let row = try rows.next() {
                let intact = walk.check(
                    position: row[0], stream: row[1], version: row[2], type: row[3], schemaVersion: row[4],
                    payload: row[5], metadata: row[6], recordedAt: row[7], hash: row[8])
                if !intact { break }
            }
            return walk.verification
        }
    }

    /// The append-only triggers that are missing from the database (empty when all are in place).
    public func missingAppendOnlyGuards() async throws -> [String] {
        try await database.read { db in
            let present = try Set(
                String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            return EventLogSchema.appendOnlyTriggers.filter { !present.contains($0) }
        }
    }
}
