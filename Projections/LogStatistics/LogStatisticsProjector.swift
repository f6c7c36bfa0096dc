import EventSourcing
import GRDB

/// Counts of the log's events per type and per stream, with first and last positions.
public struct LogStatisticsProjector: Projector {
    public let name = "log_statistics"
    public let version = 1
    public let tables = ["log_event_types", "log_streams"]
    public let eventTypes: Set<String> = []

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE log_event_types (
                    type TEXT PRIMARY KEY,
                    count INTEGER NOT NULL,
                    first_position INTEGER NOT NULL,
                    last_position INTEGER NOT NULL
                );
                CREATE TABLE log_streams (
                    stream TEXT PRIMARY KEY,
                    category TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    first_position INTEGER NOT NULL,
                    last_position INTEGER NOT NULL
                );
                CREATE INDEX log_streams_by_category ON log_streams (category);
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        try apply(batch: [event], db)
    }

    /// Sums the batch per type and per stream first, then writes each once.
    public func apply(batch events: [RecordedEvent], _ db: Database) throws {
        var types: [String: Tally] = [:]
        var streams: [StreamName: Tally] = [:]
        for event in events {
            types[event.type, default: Tally(first: event.position)].add(event.position)
            streams[event.stream, default: Tally(first: event.position)].add(event.position)
        }
        let typeUpsert = try db.cachedStatement(
            sql: """
                INSERT INTO log_event_types (type, count, first_position, last_position) VALUES (?, ?, ?, ?)
                ON CONFLICT (type) DO UPDATE SET count = count + excluded.count, last_position = excluded.last_position
                """)
        for (type, tally) in types {
            try typeUpsert.execute(arguments: [type, tally.count, tally.first, tally.last])
        }
        let streamUpsert = try db.cachedStatement(
            sql: """
                INSERT INTO log_streams (stream, category, count, first_position, last_position) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (stream) DO UPDATE SET count = count + excluded.count, last_position = excluded.last_position
                """)
        for (stream, tally) in streams {
            try streamUpsert.execute(arguments: [
                stream.rawValue, stream.category, tally.count, tally.first, tally.last,
            ])
        }
    }

    /// A key's events in one batch.
    private struct Tally {
        var first: Int64
        var last: Int64 = 0
        var count = 0

        mutating func add(_ position: Int64) {
            count += 1
            last = max(last, position)
        }
    }
}

/// One row of the log statistics.
public struct LogCount: Codable, Sendable, Hashable, FetchableRecord {
    /// The event type or stream name.
    public var key: String
    public var count: Int64
    public var firstPosition: Int64
    public var lastPosition: Int64

    public init(key: String, count: Int64, firstPosition: Int64, lastPosition: Int64) {
        self.key = key
        self.count = count
        self.firstPosition = firstPosition
        self.lastPosition = lastPosition
    }

    enum CodingKeys: String, CodingKey {
        case key
        case count
        case firstPosition = "first_position"
        case lastPosition = "last_position"
    }
}

/// Queries of the log statistics read model.
public struct LogStatisticsQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// Events per type, by type name.
    public func countsByType() async throws -> [LogCount] {
        try await database.read { db in
            try LogCount.fetchAll(
                db, sql: "SELECT type AS key, count, first_position, last_position FROM log_event_types ORDER BY type")
        }
    }

    /// Events per stream, by stream name; optionally only one category.
    public func countsByStream(category: String? = nil) async throws -> [LogCount] {
        try await database.read { db in
            try LogCount.fetchAll(
                db,
                sql: """
                    SELECT stream AS key, count, first_position, last_position FROM log_streams
                    WHERE ?1 IS NULL OR category = ?1 ORDER BY stream
                    """,
                arguments: [category])
        }
    }
}
