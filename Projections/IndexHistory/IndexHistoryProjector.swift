import AutoIndexDomain
import EventSourcing
import GRDB

/// The index history read model: the value of each index at every trading day's close.
public struct IndexHistoryProjector: Projector {
    public let name = "index_history"
    public let version = 1
    public let tables = ["index_values"]
    public let eventTypes: Set<String> = [IndexValued.eventType]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE index_values (
                    index_id TEXT NOT NULL,
                    date TEXT NOT NULL,
                    value REAL NOT NULL,
                    daily_return REAL NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (index_id, date)
                ) WITHOUT ROWID;
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        let valued = try event.decode(IndexValued.self)
        try db.cachedStatement(
            sql:
                "INSERT OR REPLACE INTO index_values (index_id, date, value, daily_return, position) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [valued.indexId, valued.date, valued.value, valued.dailyReturn, event.position])
    }
}

/// The index's value at one close.
public struct IndexValueRecord: Codable, Sendable, Hashable, FetchableRecord {
    public var date: String
    public var value: Double
    public var dailyReturn: Double

    public init(date: String, value: Double, dailyReturn: Double) {
        self.date = date
        self.value = value
        self.dailyReturn = dailyReturn
    }

    enum CodingKeys: String, CodingKey {
        case date, value
        case dailyReturn = "daily_return"
    }
}

/// Queries of the index history read model.
public struct IndexHistoryQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// Values between two dates (inclusive), oldest first, optionally a page of them.
    public func values(
        indexId: String, from start: String? = nil, to end: String? = nil, limit: Int? = nil, offset: Int = 0
    ) async throws -> [IndexValueRecord] {
        try await database.read { db in
            try IndexValueRecord.fetchAll(
                db,
                sql: """
                    SELECT date, value, daily_return FROM index_values
                    WHERE index_id = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)
                    ORDER BY date LIMIT ?4 OFFSET ?5
                    """, arguments: [indexId, start, end, limit ?? -1, offset])
        }
    }

    /// How many values lie between two dates (inclusive).
    public func count(indexId: String, from start: String? = nil, to end: String? = nil) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM index_values
                    WHERE index_id = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)
                    """, arguments: [indexId, start, end]) ?? 0
        }
    }

    /// The latest value.
    public func latest(indexId: String) async throws -> IndexValueRecord? {
        try await database.read { db in
            try IndexValueRecord.fetchOne(
                db,
                sql: "SELECT date, value, daily_return FROM index_values WHERE index_id = ? ORDER BY date DESC LIMIT 1",
                arguments: [indexId])
        }
    }
}
