import EventSourcing

/// A later fetch disagreed with a stored close; the new close replaces it from here on.
/// Stream `asset-<SYMBOL>`.
public struct PriceCorrected: DomainEvent {
    public static let eventType = "PriceCorrected"
    public static let schemaVersion = 1
    public static let streamCategory = "asset"

    public var symbol: String
    /// The trading date, `YYYY-MM-DD`.
    public var date: String
    /// The close recorded before, as decimal text.
    public var oldClose: String
    /// The close as now received, as decimal text.
    public var newClose: String
    public var source: String
    public var fetchId: String

    public init(symbol: String, date: String, oldClose: String, newClose: String, source: String, fetchId: String) {
        self.symbol = symbol
        self.date = date
        self.oldClose = oldClose
        self.newClose = newClose
        self.source = source
        self.fetchId = fetchId
    }

    enum CodingKeys: String, CodingKey {
        case symbol, date
        case oldClose = "old_close"
        case newClose = "new_close"
        case source
        case fetchId = "fetch_id"
    }

    public init(json reader: inout JSONReader) throws {
        var symbol: String?
        var date: String?
        var oldClose: String?
        var newClose: String?
        var source: String?
        var fetchId: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "symbol": symbol = try reader.readString()
            case "date": date = try reader.readString()
            case "old_close": oldClose = try reader.readString()
            case "new_close": newClose = try reader.readString()
            case "source": source = try reader.readString()
            case "fetch_id": fetchId = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(
            symbol: try required(symbol, "symbol", of: Self.self), date: try required(date, "date", of: Self.self),
            oldClose: try required(oldClose, "old_close", of: Self.self),
            newClose: try required(newClose, "new_close", of: Self.self),
            source: try required(source, "source", of: Self.self),
            fetchId: try required(fetchId, "fetch_id", of: Self.self))
    }
}
