import AutoIndexDomain
import EventSourcing
import Foundation
import GRDB

/// The strategy configuration read model: every configuration of each index, with who changed what,
/// when and why. The highest version is the one in force.
public struct StrategyConfigProjector: Projector {
    public let name = "strategy_config"
    public let version = 1
    public let tables = ["strategy_configs"]
    public let eventTypes: Set<String> = [ConfigUpdated.eventType]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE strategy_configs (
                    index_id TEXT NOT NULL,
                    config_version INTEGER NOT NULL,
                    config TEXT NOT NULL,
                    changed_fields TEXT NOT NULL,
                    reason TEXT,
                    actor TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    PRIMARY KEY (index_id, config_version)
                ) WITHOUT ROWID;
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        let updated = try event.decode(ConfigUpdated.self)
        let config = String(decoding: try CanonicalJSON.encode(updated.config), as: UTF8.self)
        let fields = String(decoding: try CanonicalJSON.encode(updated.changedFields), as: UTF8.self)
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO strategy_configs
                (index_id, config_version, config, changed_fields, reason, actor, recorded_at, position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                updated.indexId, updated.configVersion, config, fields, updated.reason, event.metadata.actor,
                event.recordedAt, event.position,
            ])
    }
}

/// One configuration of an index and the change that made it.
public struct StrategyConfigRecord: Codable, Sendable, Hashable {
    public var configVersion: Int
    public var config: StrategyConfig
    public var changedFields: [String]
    public var reason: String?
    /// A user id, or `system`.
    public var actor: String
    public var recordedAt: String
    public var position: Int64

    enum CodingKeys: String, CodingKey {
        case configVersion = "config_version"
        case config
        case changedFields = "changed_fields"
        case reason, actor
        case recordedAt = "recorded_at"
        case position
    }
}

/// Queries of the strategy configuration read model.
public struct StrategyConfigQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// The configuration in force, or nil before the first.
    public func current(indexId: String) async throws -> StrategyConfigRecord? {
        try await history(indexId: indexId, newestFirst: true, limit: 1).first
    }

    /// Every configuration, oldest first unless `newestFirst`.
    public func history(indexId: String, newestFirst: Bool = false, limit: Int? = nil) async throws
        -> [StrategyConfigRecord]
    {
        let order = newestFirst ? "DESC" : "ASC"
        return try await database.read { db in
            let decoder = JSONDecoder()
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT config_version, config, changed_fields, reason, actor, recorded_at, position
                    FROM strategy_configs WHERE index_id = ? ORDER BY config_version \(order) LIMIT ?
                    """, arguments: [indexId, limit ?? -1]
            ).map { row in
                StrategyConfigRecord(
                    configVersion: row[0],
                    config: try decoder.decode(StrategyConfig.self, from: Data((row[1] as String).utf8)),
                    changedFields: try decoder.decode([String].self, from: Data((row[2] as String).utf8)),
                    reason: row[3], actor: row[4], recordedAt: row[5], position: row[6])
            }
        }
    }
}
