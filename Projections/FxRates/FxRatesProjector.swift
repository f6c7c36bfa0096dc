import AutoIndexDomain
import EventSourcing
import GRDB

/// The FX rate read model: daily rates of each currency against the euro (units per 1 EUR).
public struct FxRatesProjector: Projector {
    public let name = "fx_rates"
    public let version = 1
    public let tables = ["fx_rates"]
    public let eventTypes: Set<String> = [FxRateFetched.eventType]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE fx_rates (
                    currency TEXT NOT NULL,
                    date TEXT NOT NULL,
                    base_currency TEXT NOT NULL,
                    rate TEXT NOT NULL,
                    value REAL NOT NULL,
                    PRIMARY KEY (currency, date)
                ) WITHOUT ROWID;
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        let fetched = try event.decode(FxRateFetched.self)
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO fx_rates (currency, date, base_currency, rate, value) VALUES (?, ?, ?, ?, ?)"
        ).execute(arguments: [fetched.currency, fetched.date, fetched.baseCurrency, fetched.rate, Double(fetched.rate)])
    }
}

/// One currency the FX read model knows.
public struct CurrencyCoverage: Codable, Sendable, Hashable, FetchableRecord {
    public var currency: String
    public var firstDate: String
    public var lastDate: String
    public var days: Int

    enum CodingKeys: String, CodingKey {
        case currency
        case firstDate = "first_date"
        case lastDate = "last_date"
        case days
    }
}

/// Queries of the FX rate read model.
public struct FxRateQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// Each currency with rates, and the dates they span, by code.
    public func currencies() async throws -> [CurrencyCoverage] {
        try await database.read { db in
            try CurrencyCoverage.fetchAll(
                db,
                sql: """
                    SELECT currency, MIN(date) AS first_date, MAX(date) AS last_date, COUNT(*) AS days
                    FROM fx_rates GROUP BY currency ORDER BY currency
                    """)
        }
    }

    /// The rates of `currency` (units per 1 EUR) by date between two dates (inclusive), oldest first.
    public func rates(currency: String, from start: String? = nil, to end: String? = nil) async throws -> [(
        date: String, rate: Double
    )] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT date, value FROM fx_rates
                    WHERE currency = ? AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3) ORDER BY date
                    """, arguments: [currency, start, end]
            ).map { (date: $0[0], rate: $0[1]) }
        }
    }
}
