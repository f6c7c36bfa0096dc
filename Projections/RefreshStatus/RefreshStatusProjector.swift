import AutoIndexDomain
import EventSourcing
import Foundation
import GRDB

/// The refresh status read model: every import or refresh run, running, completed or failed, with
/// what it appended and what it cost.
public struct RefreshStatusProjector: Projector {
    public let name = "refresh_status"
    public let version = 1
    public let tables = ["refresh_runs"]
    public let eventTypes: Set<String> = [
        RefreshStarted.eventType, RefreshCompleted.eventType, RefreshFailed.eventType,
    ]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE refresh_runs (
                    refresh_id TEXT PRIMARY KEY,
                    provider TEXT NOT NULL,
                    status TEXT NOT NULL,
                    symbols TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    prices_appended INTEGER NOT NULL DEFAULT 0,
                    prices_corrected INTEGER NOT NULL DEFAULT 0,
                    fx_rates_appended INTEGER NOT NULL DEFAULT 0,
                    credits_used INTEGER NOT NULL DEFAULT 0,
                    error TEXT,
                    error_code INTEGER,
                    started_position INTEGER NOT NULL
                );
                CREATE INDEX refresh_runs_by_start ON refresh_runs (started_position);
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        switch try EventCatalog.decode(event) {
        case let started as RefreshStarted:
            let symbols = String(decoding: try CanonicalJSON.encode(started.symbols), as: UTF8.self)
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO refresh_runs (refresh_id, provider, status, symbols, started_at, started_position)
                    VALUES (?, ?, 'running', ?, ?, ?)
                    """, arguments: [started.refreshId, started.provider, symbols, event.recordedAt, event.position])
        case let completed as RefreshCompleted:
            try db.execute(
                sql: """
                    UPDATE refresh_runs SET status = 'completed', finished_at = ?, prices_appended = ?,
                    prices_corrected = ?, fx_rates_appended = ?, credits_used = ? WHERE refresh_id = ?
                    """,
                arguments: [
                    event.recordedAt, completed.pricesAppended, completed.pricesCorrected, completed.fxRatesAppended,
                    completed.creditsUsed, completed.refreshId,
                ])
        case let failed as RefreshFailed:
            try db.execute(
                sql: """
                    UPDATE refresh_runs SET status = 'failed', finished_at = ?, error = ?, error_code = ?,
                    credits_used = ? WHERE refresh_id = ?
                    """,
                arguments: [event.recordedAt, failed.error, failed.errorCode, failed.creditsUsed, failed.refreshId])
        default:
            return
        }
    }
}

/// One import or refresh run.
public struct RefreshRun: Codable, Sendable, Hashable, FetchableRecord {
    public var refreshId: String
    public var provider: String
    /// `running`, `completed` or `failed`.
    public var status: String
    public var symbols: [String]
    public var startedAt: String
    public var finishedAt: String?
    public var pricesAppended: Int
    public var pricesCorrected: Int
    public var fxRatesAppended: Int
    public var creditsUsed: Int
    public var error: String?
    public var errorCode: Int?

    public init(row: Row) throws {
        refreshId = row["refresh_id"]
        provider = row["provider"]
        status = row["status"]
        symbols = try JSONDecoder().decode([String].self, from: Data((row["symbols"] as String).utf8))
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        pricesAppended = row["prices_appended"]
        pricesCorrected = row["prices_corrected"]
        fxRatesAppended = row["fx_rates_appended"]
        creditsUsed = row["credits_used"]
        error = row["error"]
        errorCode = row["error_code"]
    }

    enum CodingKeys: String, CodingKey {
        case refreshId = "refresh_id"
        case provider, status, symbols
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case pricesAppended = "prices_appended"
        case pricesCorrected = "prices_corrected"
        case fxRatesAppended = "fx_rates_appended"
        case creditsUsed = "credits_used"
        case error
        case errorCode = "error_code"
    }
}

/// Queries of the refresh status read model.
public struct RefreshStatusQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// The most recent runs, newest first.
    public func recent(limit: Int = 20) async throws -> [RefreshRun] {
        try await database.read { db in
            try RefreshRun.fetchAll(
                db, sql: "SELECT * FROM refresh_runs ORDER BY started_position DESC LIMIT ?", arguments: [limit])
        }
    }

    /// One run by id.
    public func run(id: String) async throws -> RefreshRun? {
        try await database.read { db in
            try RefreshRun.fetchOne(db, sql: "SELECT * FROM refresh_runs WHERE refresh_id = ?", arguments: [id])
        }
    }
}
