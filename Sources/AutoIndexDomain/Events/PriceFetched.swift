import EventSourcing

/// A daily close as received from a provider. Stream `asset-<SYMBOL>`.
public struct PriceFetched: DomainEvent {
    public static let eventType = "PriceFetched"
    public static let schemaVersion = 1
    public static let streamCategory = "asset"

    public var symbol: String
    /// The trading date, `YYYY-MM-DD`.
    public var date: String
    /// The close exactly as received, as decimal text (e.g. `"189.250"`).
    public var close: String
    /// Where it came from: `bundled`, `csv`, `twelvedata` …
    public var source: String
    /// The refresh or import run that fetched it.
    public var fetchId: String

    public init(symbol: String, date: String, close: String, source: String, fetchId: String) {
        self.symbol = symbol
        self.date = date
        self.close = close
        self.source = source
        self.fetchId = fetchId
    }

    enum CodingKeys: String, CodingKey {
        case symbol, date, close, source
        case fetchId = "fetch_id"
    }

    public init(json reader: inout JSONReader) throws {
        var symbol: String?
        var date: String?
        var close: String?
        var source: String?
        var fetchId: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "symbol": symbol = try reader.readString()
            case "date": date = try reader.readString()
            case "close": close = try reader.readString()
            case "source": source = try reader.readString()
            case "fetch_id": fetchId = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(
            symbol: try required(symbol, "symbol", of: Self.self), date: try required(date, "date", of: Self.self),
            close: try required(close, "close", of: Self.self), source: try required(source, "source", of: Self.self),
            fetchId: try required(fetchId, "fetch_id", of: Self.self))
    }
}

extension PriceFetched: FlatStringEvent {
    public var canonicalFields: [(key: String, value: String)] {
        [
            (CodingKeys.close.stringValue, close), (CodingKeys.date.stringValue, date),
            (CodingKeys.fetchId.stringValue, fetchId), (CodingKeys.source.stringValue, source),
            (CodingKeys.symbol.stringValue, symbol),
        ]
    }
}
