import AutoIndexDomain
import EventSourcing
import GRDB

/// The current allocation read model: each index's target weights from its latest rebalance, with
/// the names and sectors of the assets.
public struct CurrentAllocationProjector: Projector {
    public let name = "current_allocation"
    public let version = 1
    public let tables = ["allocation_assets", "allocations", "allocation_state"]
    public let eventTypes: Set<String> = [AssetListed.eventType, AllocationChanged.eventType]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE allocation_assets (symbol TEXT PRIMARY KEY, name TEXT NOT NULL, sector TEXT NOT NULL);
                CREATE TABLE allocations (
                    index_id TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    weight REAL NOT NULL,
                    PRIMARY KEY (index_id, symbol)
                ) WITHOUT ROWID;
                CREATE TABLE allocation_state (
                    index_id TEXT PRIMARY KEY,
                    as_of_date TEXT NOT NULL,
                    turnover REAL NOT NULL,
                    position INTEGER NOT NULL,
                    correlation_id TEXT NOT NULL
                );
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        switch try EventCatalog.decode(event) {
        case let listed as AssetListed:
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO allocation_assets (symbol, name, sector) VALUES (?, ?, ?)"
            )
            .execute(arguments: [listed.symbol, listed.name, listed.sector])
        case let change as AllocationChanged:
            try db.execute(sql: "DELETE FROM allocations WHERE index_id = ?", arguments: [change.indexId])
            for weight in change.newWeights where weight.weight > 0 {
                try db.cachedStatement(sql: "INSERT INTO allocations (index_id, symbol, weight) VALUES (?, ?, ?)")
                    .execute(arguments: [change.indexId, weight.symbol, weight.weight])
            }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO allocation_state (index_id, as_of_date, turnover, position, correlation_id)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [
                    change.indexId, change.asOfDate, change.turnover, event.position, event.metadata.correlationId,
                ])
        default:
            return
        }
    }
}

/// One asset's target weight in the current allocation.
public struct AllocationRecord: Codable, Sendable, Hashable, FetchableRecord {
    public var symbol: String
    public var name: String
    public var sector: String
    public var weight: Double
}

/// An index's current allocation.
public struct CurrentAllocation: Codable, Sendable, Hashable {
    /// The close at which the weights were decided.
    public var asOfDate: String
    public var turnover: Double
    /// The log position of the `AllocationChanged` event.
    public var position: Int64
    /// The rebalance's correlation id, the key of its audit trail.
    public var correlationId: String
    /// By weight, largest first, then by symbol.
    public var allocations: [AllocationRecord]

    enum CodingKeys: String, CodingKey {
        case asOfDate = "as_of_date"
        case turnover, position
        case correlationId = "correlation_id"
        case allocations
    }
}

/// Queries of the current allocation read model.
public struct AllocationQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// The current allocation of an index, or nil before its first rebalance.
    public func current(indexId: String) async throws -> CurrentAllocation? {
        try await database.read { db in
            guard
                let state = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT as_of_date, turnover, position, correlation_id FROM allocation_state WHERE index_id = ?",
                    arguments: [indexId])
            else { return nil }
            let allocations = try AllocationRecord.fetchAll(
                db,
                sql: """
                    SELECT a.symbol, COALESCE(s.name, a.symbol) AS name, COALESCE(s.sector, '') AS sector, a.weight
                    FROM allocations a LEFT JOIN allocation_assets s ON s.symbol = a.symbol
                    WHERE a.index_id = ? ORDER BY a.weight DESC, a.symbol
                    """, arguments: [indexId])
            return CurrentAllocation(
                asOfDate: state[0], turnover: state[1], position: state[2], correlationId: state[3],
                allocations: allocations)
        }
    }
}
