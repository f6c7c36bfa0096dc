import EventSourcing
import Foundation
import GRDB

/// One stored event seen through ``SQLiteEventStore/scan(after:limit:filter:decode:)``: its place
/// and type, with the payload still in SQLite's buffer. Metadata, time and hash are not read; use
/// ``SQLiteEventStore/read(after:limit:filter:)`` for whole records.
///
/// - Important: Valid only inside the `decode` closure; decode what you need there.
public struct StoredEventRow {
    let row: Row
    let upcasters: Upcasters
    /// Global position.
    public let position: Int64
    /// Position within the stream.
    public let version: Int64
    /// The event type, e.g. `PriceFetched`.
    public let type: String
    /// The stored schema version (before upcasting).
    public let storedSchemaVersion: Int

    /// The stream name.
    public var stream: StreamName { StreamName(unchecked: row[1]) }

    /// Runs `body` with a reader over the payload (upcast to the latest version when a step applies)
    /// and that version.
    public func withPayload<Result>(_ body: (inout JSONReader, _ schemaVersion: Int) throws -> Result) throws -> Result
    {
        if !upcasters.isEmpty, upcasters.latestVersion(of: type) != nil {
            let stored = try row.withUnsafeData(atIndex: 5) { data in data?.withUnsafeBytes { Data($0) } ?? Data() }
            let (payload, version) = try upcasters.upcast(type: type, version: storedSchemaVersion, payload: stored)
            return try JSONReader.read(payload) { reader in try body(&reader, version) }
        }
        return try row.withUnsafeData(atIndex: 5) { data in
            try JSONReader.read(data ?? Data()) { reader in try body(&reader, storedSchemaVersion) }
        }
    }

    /// Decodes the payload as `Event`.
    /// - Throws: `EventStoreError.unexpectedEventType` for another type or version.
    public func decode<Event: DomainEvent>(_: Event.Type = Event.self) throws -> Event {
        try withPayload { reader, version in
            guard type == Event.eventType, version == Event.schemaVersion else {
                throw EventStoreError.unexpectedEventType(
                    expected: "\(Event.eventType) v\(Event.schemaVersion)", found: "\(type) v\(version)")
            }
            let event = try Event(json: &reader)
            try reader.expectEnd()
            return event
        }
    }
}

extension SQLiteEventStore {
    /// The fast read path: decodes events straight from SQLite's buffers, without building a
    /// ``RecordedEvent`` (payload copy, metadata, hash) for each. Replays and rebuilds that need
    /// only the facts use it.
    /// - Parameters:
    ///   - position: the last position already seen; 0 reads from the start.
    ///   - limit: the most events to visit.
    ///   - filter: which events to visit.
    ///   - decode: turns each row into a value; runs on the database's reader thread.
    /// - Returns: the decoded values in position order, and the last position visited.
    public func scan<Value: Sendable>(
        after position: Int64, limit: Int, filter: EventFilter = .all,
        decode: @escaping @Sendable (StoredEventRow) throws -> Value
    ) async throws -> (values: [Value], lastPosition: Int64) {
        // Only the columns a row view offers (metadata, time and hash stay unread).
        let (sql, arguments) = Self.selectSQL(
            after: position, limit: limit, filter: filter,
            columns: "position, stream, version, type, schema_version, payload")
        let upcasters = options.upcasters
        return try await database.read { db in
            var values: [Value] = []
            values.reserveCapacity(min(limit, 10_000))
            var last = position
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() {
                let event = StoredEventRow(
                    row: row, upcasters: upcasters, position: row[0], version: row[2], type: row[3],
                    storedSchemaVersion: row[4])
                values.append(try decode(event))
                last = event.position
            }
            return (values, last)
        }
    }
}
