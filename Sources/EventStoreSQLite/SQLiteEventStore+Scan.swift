import EventSourcing
import Foundation
import GRDB
import GRDBSQLite

/// One stored event seen through ``SQLiteEventStore/scan(after:limit:filter:decode:)``: its place
/// and type, with the payload still in SQLite's buffer. Metadata, time and hash are not read; use
/// ``SQLiteEventStore/read(after:limit:filter:)`` for whole records.
///
/// - Important: Valid only inside the `decode` closure; decode what you need there.
public struct StoredEventRow {
    let statement: SQLiteStatement
    let upcasters: Upcasters
    /// Global position.
    public let position: Int64
    /// Position within the stream.
    public let version: Int64
    /// The event type, e.g. `PriceFetched`.
    public let type: String
    /// The stored schema version (before upcasting).
    public let storedSchemaVersion: Int

    init(statement: SQLiteStatement, upcasters: Upcasters) {
        self.statement = statement
        self.upcasters = upcasters
        position = sqlite3_column_int64(statement, 0)
        version = sqlite3_column_int64(statement, 2)
        type = Self.text(statement, 3)
        storedSchemaVersion = Int(sqlite3_column_int64(statement, 4))
    }

    /// The stream name.
    public var stream: StreamName { StreamName(unchecked: Self.text(statement, 1)) }

    /// Runs `body` with a reader over the payload (upcast to the latest version when a step applies)
    /// and that version.
    public func withPayload<Result>(_ body: (inout JSONReader, _ schemaVersion: Int) throws -> Result) throws -> Result
    {
        let bytes = Self.bytes(statement, 5)
        if !upcasters.isEmpty, upcasters.latestVersion(of: type) != nil {
            let (payload, version) = try upcasters.upcast(
                type: type, version: storedSchemaVersion, payload: Data(bytes))
            return try JSONReader.read(payload) { reader in try body(&reader, version) }
        }
        return try JSONReader.read(borrowing: bytes) { reader in try body(&reader, storedSchemaVersion) }
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

    private static func bytes(_ statement: SQLiteStatement, _ column: Int32) -> UnsafeRawBufferPointer {
        // sqlite3_column_blob before sqlite3_column_bytes, as SQLite's documentation asks.
        let start = sqlite3_column_blob(statement, column)
        return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, column)))
    }

    private static func text(_ statement: SQLiteStatement, _ column: Int32) -> String {
        String(decoding: bytes(statement, column).assumingMemoryBound(to: UInt8.self), as: UTF8.self)
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
            // Step the prepared statement directly: GRDB's row cursor costs as much as the decoding.
            let statement = try db.cachedStatement(sql: sql)
            try statement.setArguments(arguments)
            let raw = statement.sqliteStatement
            defer { sqlite3_reset(raw) }
            while true {
                let code = sqlite3_step(raw)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw LogStatements.stepError(code, db: db, sql: sql) }
                let event = StoredEventRow(statement: raw, upcasters: upcasters)
                values.append(try decode(event))
                last = event.position
            }
            return (values, last)
        }
    }
}
