import EventSourcing

/// An asset joined the universe of known assets. Stream `asset-<SYMBOL>`.
public struct AssetListed: DomainEvent {
    public static let eventType = "AssetListed"
    public static let schemaVersion = 1
    public static let streamCategory = "asset"

    public var symbol: String
    public var name: String
    public var sector: String
    /// ISO 4217 code of the prices, e.g. `USD`.
    public var currency: String
    /// `equity` for index constituents, `index` for a benchmark such as the S&P 500.
    public var assetClass: String
    /// Where the listing came from, e.g. `bundled`, `csv`, `twelvedata`.
    public var source: String

    public init(symbol: String, name: String, sector: String, currency: String, assetClass: String, source: String) {
        self.symbol = symbol
        self.name = name
        self.sector = sector
        self.currency = currency
        self.assetClass = assetClass
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case symbol, name, sector, currency
        case assetClass = "asset_class"
        case source
    }

    public init(json reader: inout JSONReader) throws {
        var symbol: String?
        var name: String?
        var sector: String?
        var currency: String?
        var assetClass: String?
        var source: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "symbol": symbol = try reader.readString()
            case "name": name = try reader.readString()
            case "sector": sector = try reader.readString()
            case "currency": currency = try reader.readString()
            case "asset_class": assetClass = try reader.readString()
            case "source": source = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(
            symbol: try required(symbol, "symbol", of: Self.self), name: try required(name, "name", of: Self.self),
            sector: try required(sector, "sector", of: Self.self),
            currency: try required(currency, "currency", of: Self.self),
            assetClass: try required(assetClass, "asset_class", of: Self.self),
            source: try required(source, "source", of: Self.self))
    }
}
