import EventSourcing

/// A refresh run ended and appended what it found. Stream `refresh-<refresh_id>`.
public struct RefreshCompleted: DomainEvent {
    public static let eventType = "RefreshCompleted"
    public static let schemaVersion = 1
    public static let streamCategory = "refresh"

    public var refreshId: String
    public var provider: String
    /// New `PriceFetched` events appended.
    public var pricesAppended: Int
    /// `PriceCorrected` events appended.
    public var pricesCorrected: Int
    /// New `FxRateFetched` events appended.
    public var fxRatesAppended: Int
    /// Provider credits spent (0 for local sources).
    public var creditsUsed: Int

    public init(
        refreshId: String, provider: String, pricesAppended: Int, pricesCorrected: Int, fxRatesAppended: Int,
        creditsUsed: Int
    ) {
        self.refreshId = refreshId
        self.provider = provider
        self.pricesAppended = pricesAppended
        self.pricesCorrected = pricesCorrected
        self.fxRatesAppended = fxRatesAppended
        self.creditsUsed = creditsUsed
    }

    enum CodingKeys: String, CodingKey {
        case refreshId = "refresh_id"
        case provider
        case pricesAppended = "prices_appended"
        case pricesCorrected = "prices_corrected"
        case fxRatesAppended = "fx_rates_appended"
        case creditsUsed = "credits_used"
    }

    public init(json reader: inout JSONReader) throws {
        var refreshId: String?
        var provider: String?
        var pricesAppended: Int?
        var pricesCorrected: Int?
        var fxRatesAppended: Int?
        var creditsUsed: Int?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "refresh_id": refreshId = try reader.readString()
            case "provider": provider = try reader.readString()
            case "prices_appended": pricesAppended = try reader.readInt()
            case "prices_corrected": pricesCorrected = try reader.readInt()
            case "fx_rates_appended": fxRatesAppended = try reader.readInt()
            case "credits_used": creditsUsed = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        self.init(
            refreshId: try required(refreshId, "refresh_id", of: Self.self),
            provider: try required(provider, "provider", of: Self.self),
            pricesAppended: try required(pricesAppended, "prices_appended", of: Self.self),
            pricesCorrected: try required(pricesCorrected, "prices_corrected", of: Self.self),
            fxRatesAppended: try required(fxRatesAppended, "fx_rates_appended", of: Self.self),
            creditsUsed: try required(creditsUsed, "credits_used", of: Self.self))
    }
}
