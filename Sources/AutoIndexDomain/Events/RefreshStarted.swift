import EventSourcing

/// A market-data refresh or import run began. Stream `refresh-<refresh_id>`.
public struct RefreshStarted: DomainEvent {
    public static let eventType = "RefreshStarted"
    public static let schemaVersion = 1
    public static let streamCategory = "refresh"

    public var refreshId: String
    /// `bundled`, `csv`, `twelvedata`, `ecb` …
    public var provider: String
    /// The symbols (or currencies) the run asked for.
    public var symbols: [String]

    public init(refreshId: String, provider: String, symbols: [String]) {
        self.refreshId = refreshId
        self.provider = provider
        self.symbols = symbols
    }

    enum CodingKeys: String, CodingKey {
        case refreshId = "refresh_id"
        case provider, symbols
    }

    public init(json reader: inout JSONReader) throws {
        var refreshId: String?
        var provider: String?
        var symbols: [String]?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "refresh_id": refreshId = try reader.readString()
            case "provider": provider = try reader.readString()
            case "symbols": symbols = try reader.readStringArray()
            default: try reader.skipValue()
            }
        }
        self.init(
            refreshId: try required(refreshId, "refresh_id", of: Self.self),
            provider: try required(provider, "provider", of: Self.self),
            symbols: try required(symbols, "symbols", of: Self.self))
    }
}
