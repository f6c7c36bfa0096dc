import EventSourcing

/// An asset's market capitalisation as of a date, as received: the facts the market-cap sleeve
/// weights by. Stream `asset-<SYMBOL>`. A later report for the same date supersedes an earlier one.
public struct MarketCapReported: DomainEvent {
    public static let eventType = "MarketCapReported"
    public static let schemaVersion = 1
    public static let streamCategory = "asset"

    public var symbol: String
    /// The date the figure is as of, `YYYY-MM-DD`; it is used from that close on.
    public var date: String
    /// In the asset's currency, exactly as received, as decimal text.
    public var marketCap: String
    public var source: String
    public var fetchId: String

    public init(symbol: String, date: String, marketCap: String, source: String, fetchId: String) {
        self.symbol = symbol
        self.date = date
        self.marketCap = marketCap
        self.source = source
        self.fetchId = fetchId
    }

    enum CodingKeys: String, CodingKey {
        case symbol, date
        case marketCap = "market_cap"
        case source
        case fetchId = "fetch_id"
    }

    public init(json reader: inout JSONReader) throws {
        var symbol: String?
        var date: String?
        var marketCap: String?
        var source: String?
        var fetchId: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "symbol": symbol = try reader.readString()
            case "date": date = try reader.readString()
            case "market_cap": marketCap = try reader.readString()
            case "source": source = try reader.readString()
            case "fetch_id": fetchId = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(
            symbol: try required(symbol, "symbol", of: Self.self), date: try required(date, "date", of: Self.self),
            marketCap: try required(marketCap, "market_cap", of: Self.self),
            source: try required(source, "source", of: Self.self),
            fetchId: try required(fetchId, "fetch_id", of: Self.self))
    }
}
