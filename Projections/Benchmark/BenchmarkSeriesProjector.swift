import AutoIndexDomain
import EventSourcing
import GRDB

/// The benchmark series read model: daily closes of the assets listed as benchmarks (asset class
/// `index`, such as the S&P 500), corrections applied.
public struct BenchmarkSeriesProjector: Projector {
    public let name = "benchmark_series"
    public let version = 1
    public let tables = ["benchmarks", "benchmark_series"]
    public let eventTypes: Set<String> = [AssetListed.eventType, PriceFetched.eventType, PriceCorrected.eventType]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE benchmarks (symbol TEXT PRIMARY KEY, name TEXT NOT NULL);
                CREATE TABLE benchmark_series (
                    symbol TEXT NOT NULL,
                    date TEXT NOT NULL,
                    close TEXT NOT NULL,
                    value REAL NOT NULL,
                    PRIMARY KEY (symbol, date)
                ) WITHOUT ROWID;
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        let symbol: String
        let date: String
        let close: String
        switch try EventCatalog.decode(event) {
        case let listed as AssetListed:
            guard listed.assetClass == "index" else { return }
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO benchmarks (symbol, name) VALUES (?, ?)").execute(
                arguments: [listed.symbol, listed.name])
            return
        case let price as PriceFetched: (symbol, date, close) = (price.symbol, price.date, price.close)
        case let correction as PriceCorrected:
            (symbol, date, close) = (correction.symbol, correction.date, correction.newClose)
        default: return
        }
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO benchmark_series (symbol, date, close, value)
                SELECT symbol, ?, ?, ? FROM benchmarks WHERE symbol = ?
                """
        ).execute(arguments: [date, close, Double(close), symbol])
    }
}

/// One day of a benchmark.
public struct BenchmarkPoint: Codable, Sendable, Hashable, FetchableRecord {
    public var date: String
    /// The close as received, decimal text.
    public var close: String
    public var value: Double
}

/// Queries of the benchmark series read model.
public struct BenchmarkQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// The benchmarks listed, by symbol.
    public func symbols() async throws -> [String] {
        try await database.read { db in try String.fetchAll(db, sql: "SELECT symbol FROM benchmarks ORDER BY symbol") }
    }

    /// The closes of a benchmark between two dates (inclusive), oldest first.
    public func series(symbol: String, from start: String? = nil, to end: String? = nil) async throws
        -> [BenchmarkPoint]
    {
        try await database.read { db in
            try BenchmarkPoint.fetchAll(
                db,
                sql: """
                    SELECT date, close, value FROM benchmark_series
                    WHERE symbol = ? AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3) ORDER BY date
                    """, arguments: [symbol, start, end])
        }
    }
}
