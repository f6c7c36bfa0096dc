import AutoIndexDomain
import EventSourcing
import GRDB

/// The rebalance list read model: one row per rebalance of each index, from the three events one
/// rebalance appends under one correlation id (its trigger and reason, the configuration version
/// that weighed it, and its date, turnover, actor and position), so the audit's list is a query
/// rather than a read of the whole index stream.
public struct RebalancesProjector: Projector {
    public let name = "rebalances"
    public let version = 1
    public let tables = ["rebalances"]
    public let eventTypes: Set<String> = [
        RebalanceRequested.eventType, WeightsCalculated.eventType, AllocationChanged.eventType,
    ]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE rebalances (
                    rebalance_id TEXT PRIMARY KEY,
                    index_id TEXT NOT NULL,
                    trigger TEXT NOT NULL DEFAULT 'unknown',
                    reason TEXT,
                    config_version INTEGER NOT NULL DEFAULT 0,
                    as_of_date TEXT,
                    actor TEXT,
                    recorded_at TEXT,
                    turnover REAL,
                    position INTEGER
                );
                CREATE INDEX rebalances_by_index ON rebalances (index_id, position);
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        let id = event.metadata.correlationId
        switch try EventCatalog.decode(event) {
        case let requested as RebalanceRequested:
            try db.cachedStatement(
                sql: """
                    INSERT INTO rebalances (rebalance_id, index_id, trigger, reason) VALUES (?, ?, ?, ?)
                    ON CONFLICT (rebalance_id) DO UPDATE SET trigger = excluded.trigger, reason = excluded.reason
                    """
            ).execute(arguments: [id, requested.indexId, requested.trigger, requested.reason])
        case let weights as WeightsCalculated:
            try db.cachedStatement(
                sql: """
                    INSERT INTO rebalances (rebalance_id, index_id, config_version) VALUES (?, ?, ?)
                    ON CONFLICT (rebalance_id) DO UPDATE SET config_version = excluded.config_version
                    """
            ).execute(arguments: [id, weights.indexId, weights.configVersion])
        case let change as AllocationChanged:
            try db.cachedStatement(
                sql: """
                    INSERT INTO rebalances (rebalance_id, index_id, as_of_date, actor, recorded_at, turnover, position)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (rebalance_id) DO UPDATE SET as_of_date = excluded.as_of_date,
                    actor = excluded.actor, recorded_at = excluded.recorded_at, turnover = excluded.turnover,
                    position = excluded.position
                    """
            ).execute(
                arguments: [
                    id, change.indexId, change.asOfDate, event.metadata.actor, event.recordedAt, change.turnover,
                    event.position,
                ])
        default:
            return
        }
    }
}

extension RebalanceSummary: FetchableRecord {
    /// A row of the `rebalances` table.
    public init(row: Row) throws {
        self.init(
            rebalanceId: row["rebalance_id"], asOfDate: row["as_of_date"], trigger: row["trigger"],
            reason: row["reason"], actor: row["actor"], recordedAt: row["recorded_at"],
            configVersion: row["config_version"], turnover: row["turnover"], position: row["position"])
    }
}

/// Queries of the rebalance list.
public struct RebalanceQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// A page of the index's complete rebalances dated between two dates (inclusive), oldest first,
    /// and how many there are in those dates.
    public func page(
        indexId: String, from start: String? = nil, to end: String? = nil, limit: Int, offset: Int
    ) async throws -> (rebalances: [RebalanceSummary], total: Int) {
        try await database.read { db in
            let filter = """
                FROM rebalances WHERE index_id = ?1 AND position IS NOT NULL
                AND (?2 IS NULL OR as_of_date >= ?2) AND (?3 IS NULL OR as_of_date <= ?3)
                """
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(filter)", arguments: [indexId, start, end]) ?? 0
            let page = try RebalanceSummary.fetchAll(
                db, sql: "SELECT * \(filter) ORDER BY position LIMIT ?4 OFFSET ?5",
                arguments: [indexId, start, end, limit, offset])
            return (page, total)
        }
    }
}
