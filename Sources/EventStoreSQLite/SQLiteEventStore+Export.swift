import EventSourcing
import Foundation
import GRDB

extension SQLiteEventStore {
    /// Events after `position` as the audit export writes them, with the hash each chains from.
    public func exportedEvents(after position: Int64, limit: Int) async throws -> [ExportedEvent] {
        try await database.read { db in
            var previous =
                position == 0
                ? HashChain.genesis
                : try String.fetchOne(db, sql: "SELECT hash FROM events WHERE position = ?", arguments: [position])
                    ?? HashChain.genesis
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT position, stream, version, type, schema_version, payload, metadata, recorded_at, hash
                    FROM events WHERE position > ? ORDER BY position LIMIT ?
                    """, arguments: [position, limit])
            var events: [ExportedEvent] = []
            while let row = try rows.next() {
                let payload: Data = row[5]
                let metadata: Data = row[6]
                let event = ExportedEvent(
                    position: row[0], stream: row[1], version: row[2], type: row[3], schemaVersion: row[4],
                    payload: String(decoding: payload, as: UTF8.self),
                    metadata: String(decoding: metadata, as: UTF8.self),
                    recordedAt: row[7], previousHash: previous, hash: row[8])
                previous = event.hash
                events.append(event)
            }
            return events
        }
    }
}

extension SQLiteEventStore {
    public func idempotencyRecords(lastPositionIn positions: ClosedRange<Int64>) async throws -> [IdempotencyRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT key, request_digest, result, last_position FROM idempotency_keys
                    WHERE last_position BETWEEN ? AND ? ORDER BY last_position, key
                    """, arguments: [positions.lowerBound, positions.upperBound]
            ).map { IdempotencyRecord(key: $0[0], requestDigest: $0[1], result: $0[2], lastPosition: $0[3]) }
        }
    }
}
