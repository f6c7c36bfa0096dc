import EventSourcing
import GRDB

extension SQLiteEventStore {
    /// Walks the whole log in position order, recomputing each hash from the previous one.
    ///
    /// The first position whose stored hash differs from the recomputed one, or that breaks the
    /// 1, 2, 3 … sequence, is reported; later records are not judged since the chain is broken there.
    public func verify() async throws -> ChainVerification {
        try await database.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT position, stream, version, type, schema_version, payload, metadata, recorded_at, hash
                    FROM events ORDER BY position
                    """)
            var previous = HashChain.genesis
            var count: Int64 = 0
            while let row = try rows.next() {
                let position: Int64 = row[0]
                count += 1
                guard position == count else {
                    return ChainVerification(
                        eventCount: count, headHash: previous, firstBadPosition: count,
                        problem: "position \(count) is missing (found \(position) next)")
                }
                let stored: String = row[8]
                let computed = HashChain.hash(
                    HashChain.Fields(
                        previousHash: previous, position: position, stream: row[1], version: row[2], type: row[3],
                        schemaVersion: row[4], payload: row[5], metadata: row[6], recordedAt: row[7]))
                guard computed == stored else {
                    return ChainVerification(
                        eventCount: count, headHash: previous, firstBadPosition: position,
                        problem: "stored hash \(stored) does not match the recomputed \(computed)")
                }
                previous = stored
            }
            return ChainVerification(eventCount: count, headHash: previous, firstBadPosition: nil, problem: nil)
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
