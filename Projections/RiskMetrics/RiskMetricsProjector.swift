import AutoIndexDomain
import EventSourcing
import Foundation
import GRDB
import IndexEngine

/// The risk metrics read model: each index's metrics over its whole history and trailing windows,
/// against the S&P 500, with the risk-free rate of the configuration in force.
///
/// The projector keeps its own copy of the index values and benchmark closes, marks an index dirty
/// when either moves, and recomputes once per batch (`finishBatch`), not once per event.
public struct RiskMetricsProjector: Projector {
    public let name = "risk_metrics"
    public let version = 2
    public let tables = ["risk_index_values", "risk_benchmark_values", "risk_settings", "risk_metrics"]
    public let eventTypes: Set<String> = [
        IndexValued.eventType, PriceFetched.eventType, PriceCorrected.eventType, ConfigUpdated.eventType,
    ]

    /// Only the benchmark's prices count; the other assets' closes are no-ops here.
    public var sources: [EventFilter] {
        [
            EventFilter(types: [IndexValued.eventType, ConfigUpdated.eventType]),
            EventFilter(
                stream: MarketDataStreams.asset(Self.benchmarkSymbol),
                types: [PriceFetched.eventType, PriceCorrected.eventType]),
        ]
    }

    /// The trailing windows, in daily returns, besides the whole history.
    public static let windows: [(period: String, returns: Int?)] = [
        ("all", nil), ("1y", 252), ("3y", 756), ("5y", 1260),
    ]
    /// The benchmark metrics are measured against.
    public static let benchmarkSymbol = "SPX"

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE risk_index_values (
                    index_id TEXT NOT NULL, date TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (index_id, date)
                ) WITHOUT ROWID;
                CREATE TABLE risk_benchmark_values (date TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID;
                CREATE TABLE risk_settings (
                    index_id TEXT PRIMARY KEY, risk_free_rate REAL NOT NULL DEFAULT 0, dirty INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE risk_metrics (
                    index_id TEXT NOT NULL,
                    period TEXT NOT NULL,
                    metrics TEXT NOT NULL,
                    risk_free_rate REAL NOT NULL,
                    PRIMARY KEY (index_id, period)
                ) WITHOUT ROWID;
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        switch try EventCatalog.decode(event) {
        case let valued as IndexValued:
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO risk_index_values (index_id, date, value) VALUES (?, ?, ?)"
            ).execute(arguments: [valued.indexId, valued.date, valued.value])
            try markDirty(valued.indexId, db)
        case let price as PriceFetched:
            try benchmarkClose(price.symbol, price.date, price.close, db)
        case let correction as PriceCorrected:
            try benchmarkClose(correction.symbol, correction.date, correction.newClose, db)
        case let updated as ConfigUpdated:
            try db.execute(
                sql: """
                    INSERT INTO risk_settings (index_id, risk_free_rate, dirty) VALUES (?, ?, 1)
                    ON CONFLICT (index_id) DO UPDATE SET risk_free_rate = excluded.risk_free_rate, dirty = 1
                    """, arguments: [updated.indexId, updated.config.riskFreeRate])
        default:
            return
        }
    }

    public func finishBatch(_ db: Database) throws {
        let dirty = try Row.fetchAll(db, sql: "SELECT index_id, risk_free_rate FROM risk_settings WHERE dirty = 1")
        guard !dirty.isEmpty else { return }
        let benchmark = try Row.fetchAll(db, sql: "SELECT date, value FROM risk_benchmark_values ORDER BY date")
        let benchmarkDates: [String] = benchmark.map { $0[0] }
        let benchmarkValues: [Double] = benchmark.map { $0[1] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for row in dirty {
            let indexId: String = row[0]
            let riskFree: Double = row[1]
            let series = try Row.fetchAll(
                db, sql: "SELECT date, value FROM risk_index_values WHERE index_id = ? ORDER BY date",
                arguments: [indexId])
            let dates: [String] = series.map { $0[0] }
            let values: [Double] = series.map { $0[1] }
            try db.execute(sql: "DELETE FROM risk_metrics WHERE index_id = ?", arguments: [indexId])
            for window in Self.windows {
                // A trailing window is computed once the history is longer than it.
                if let returns = window.returns, values.count <= returns { continue }
                let count = window.returns.map { $0 + 1 } ?? values.count
                guard count >= 2 else { continue }
                let windowDates = Array(dates.suffix(count))
                guard let first = windowDates.first else { continue }
                let start = benchmarkDates.firstIndex { $0 >= first } ?? benchmarkDates.endIndex
                let metrics = try? RiskMetrics.compute(
                    dates: windowDates, values: Array(values.suffix(count)),
                    benchmarkDates: benchmarkDates.isEmpty ? nil : Array(benchmarkDates[start...]),
                    benchmarkValues: benchmarkDates.isEmpty ? nil : Array(benchmarkValues[start...]),
                    annualRiskFreeRate: riskFree)
                guard let metrics else { continue }
                try db.execute(
                    sql: "INSERT INTO risk_metrics (index_id, period, metrics, risk_free_rate) VALUES (?, ?, ?, ?)",
                    arguments: [
                        indexId, window.period, String(decoding: try encoder.encode(metrics), as: UTF8.self), riskFree,
                    ])
            }
            try db.execute(sql: "UPDATE risk_settings SET dirty = 0 WHERE index_id = ?", arguments: [indexId])
        }
    }

    private func markDirty(_ indexId: String, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO risk_settings (index_id) VALUES (?) ON CONFLICT (index_id) DO UPDATE SET dirty = 1"
        ).execute(arguments: [indexId])
    }

    private func benchmarkClose(_ symbol: String, _ date: String, _ close: String, _ db: Database) throws {
        guard symbol == Self.benchmarkSymbol else { return }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO risk_benchmark_values (date, value) VALUES (?, ?)")
            .execute(arguments: [date, Double(close)])
        try db.execute(sql: "UPDATE risk_settings SET dirty = 1")
    }
}
