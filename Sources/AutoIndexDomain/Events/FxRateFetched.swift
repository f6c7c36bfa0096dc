import EventSourcing

/// A daily reference rate: units of `currency` for one unit of `baseCurrency`. Stream `fx-<CCY>`.
public struct FxRateFetched: DomainEvent {
    public static let eventType = "FxRateFetched"
    public static let schemaVersion = 1
    public static let streamCategory = "fx"

    /// ISO 4217 code quoted, e.g. `USD`.
    public var currency: String
    /// ISO 4217 code of the base, e.g. `EUR` for the ECB's reference rates.
    public var baseCurrency: String
    /// The business date, `YYYY-MM-DD`.
    public var date: String
    /// The rate exactly as received, as decimal text.
    public var rate: String
    public var source: String
    public var fetchId: String

    public init(currency: String, baseCurrency: String, date: String, rate: String, source: String, fetchId: String) {
        self.currency = currency
        self.baseCurrency = baseCurrency
        self.date = date
        self.rate = rate
        self.source = source
        self.fetchId = fetchId
    }

    enum CodingKeys: String, CodingKey {
        case currency
        case baseCurrency = "base_currency"
        case date, rate, source
        case fetchId = "fetch_id"
    }

    public init(json reader: inout JSONReader) throws {
        var currency: String?
        var baseCurrency: String?
        var date: String?
        var rate: String?
        var source: String?
        var fetchId: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "currency": currency = try reader.readString()
            case "base_currency": baseCurrency = try reader.readString()
            case "date": date = try reader.readString()
            case "rate": rate = try reader.readString()
            case "source": source = try reader.readString()
            case "fetch_id": fetchId = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(
            currency: try required(currency, "currency", of: Self.self),
            baseCurrency: try required(baseCurrency, "base_currency", of: Self.self),
            date: try required(date, "date", of: Self.self), rate: try required(rate, "rate", of: Self.self),
            source: try required(source, "source", of: Self.self),
            fetchId: try required(fetchId, "fetch_id", of: Self.self))
    }
}

extension FxRateFetched: FlatStringEvent {
    public var canonicalFields: [(key: String, value: String)] {
        [
            (CodingKeys.baseCurrency.stringValue, baseCurrency), (CodingKeys.currency.stringValue, currency),
            (CodingKeys.date.stringValue, date), (CodingKeys.fetchId.stringValue, fetchId),
            (CodingKeys.rate.stringValue, rate), (CodingKeys.source.stringValue, source),
        ]
    }
}
