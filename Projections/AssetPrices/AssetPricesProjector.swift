import AutoIndexDomain
import EventSourcing
import GRDB

/// The asset price history read model: every listed asset and its closes, corrections applied.
public struct AssetPricesProjector: Projector {
    public let name = "asset_prices"
    public let version = 1
    public let tables = ["assets", "asset_prices"]
    public let eventTypes: Set<String> = [AssetListed.eventType, PriceFetched.eventType, PriceCorrected.eventType]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE assets (
                    symbol TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    sector TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    asset_class TEXT NOT NULL,
                    listed_position INTEGER NOT NULL
                );
                CREATE TABLE asset_prices (
                    symbol TEXT NOT NULL,
                    date TEXT NOT NULL,
                    close TEXT NOT NULL,
                    close_value REAL NOT NULL,
                    source TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    corrected_position INTEGER,
                    PRIMARY KEY (symbol, date)
                ) WITHOUT ROWID;
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        switch try EventCatalog.decode(event) {
        case let listed as AssetListed:
            try db.cachedStatement(
                sql: """
                    INSERT INTO assets (symbol, name, sector, currency, asset_class, listed_position)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (symbol) DO UPDATE SET name = excluded.name,
                    sector = excluded.sector, currency = excluded.currency, asset_class = excluded.asset_class
                    """
            ).execute(
                arguments: [
                    listed.symbol, listed.name, listed.sector, listed.currency, listed.assetClass, event.position,
                ])
        case let price as PriceFetched:
            try db.cachedStatement(
                sql: """
                    INSERT INTO asset_prices (symbol, date, close, close_value, source, position)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (symbol, date) DO UPDATE SET close = excluded.close,
                    close_value = excluded.close_value, source = excluded.source, corrected_position = excluded.position
                    """
            ).execute(
                arguments: [price.symbol, price.date, price.close, Double(price.close), price.source, event.position])
        case let correction as PriceCorrected:
            try db.cachedStatement(
                sql: """
                    INSERT INTO asset_prices (symbol, date, close, close_value, source, position, corrected_position)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (symbol, date) DO UPDATE SET close = excluded.close,
                    close_value = excluded.close_value, source = excluded.source,
                    corrected_position = excluded.corrected_position
                    """
            ).execute(
                arguments: [
                    correction.symbol, correction.date, correction.newClose, Double(correction.newClose),
                    correction.source, event.position, event.position,
                ])
        default:
            return
        }
    }
}
