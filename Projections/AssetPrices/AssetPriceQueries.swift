import GRDB

/// A listed asset as the asset price read model holds it.
public struct AssetRecord: Codable, Sendable, Hashable, FetchableRecord {
    public var symbol: String
    public var name: String
    public var sector: String
    public var currency: String
    public var assetClass: String

    enum CodingKeys: String, CodingKey {
        case symbol, name, sector, currency
        case assetClass = "asset_class"
    }
}

/// One close of an asset.
public struct PriceRecord: Codable, Sendable, Hashable, FetchableRecord {
    public var date: String
    /// The close as received, decimal text.
    public var close: String
    public var source: String

    public init(date: String, close: String, source: String) {
        self.date = date
        self.close = close
        self.source = source
    }
}

/// Queries of the asset price history read model.
public struct AssetPriceQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// Every listed asset, by symbol; optionally only one asset class (`equity` or `index`).
    public func assets(assetClass: String? = nil) async throws -> [AssetRecord] {
        try await database.read { db in
            try AssetRecord.fetchAll(
                db,
                sql: """
                    SELECT symbol, name, sector, currency, asset_class FROM assets
                    WHERE ?1 IS NULL OR asset_class = ?1 ORDER BY symbol
                    """, arguments: [assetClass])
        }
    }

    /// The closes of `symbol` between two dates (inclusive), oldest first.
    public func prices(symbol: String, from start: String? = nil, to end: String? = nil) async throws -> [PriceRecord] {
        try await database.read { db in
            try PriceRecord.fetchAll(
                db,
                sql: """
                    SELECT date, close, source FROM asset_prices
                    WHERE symbol = ? AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3) ORDER BY date
                    """, arguments: [symbol, start, end])
        }
    }

    /// How many closes the read model holds, and the date range they span.
    public func coverage() async throws -> (count: Int, firstDate: String?, lastDate: String?) {
        try await database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*), MIN(date), MAX(date) FROM asset_prices")
            return (row?[0] ?? 0, row?[1], row?[2])
        }
    }
}
