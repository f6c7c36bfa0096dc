import EventSourcing

/// The index's value at a trading day's close. Stream `index-<index_id>`.
///
/// `value = previous value · (1 + daily_return)`, 100 at the base date.
public struct IndexValued: DomainEvent {
    public static let eventType = "IndexValued"
    public static let schemaVersion = 1
    public static let streamCategory = "index"

    public var indexId: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var value: Double
    /// A decimal (0.01 is 1 %); 0 at the base date.
    public var dailyReturn: Double

    public init(indexId: String, date: String, value: Double, dailyReturn: Double) {
        self.indexId = indexId
        self.date = date
        self.value = value
        self.dailyReturn = dailyReturn
    }

    enum CodingKeys: String, CodingKey {
        case indexId = "index_id"
        case date, value
        case dailyReturn = "daily_return"
    }

    public init(json reader: inout JSONReader) throws {
        var indexId: String?
        var date: String?
        var value: Double?
        var dailyReturn: Double?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "index_id": indexId = try reader.readString()
            case "date": date = try reader.readString()
            case "value": value = try reader.readDouble()
            case "daily_return": dailyReturn = try reader.readDouble()
            default: try reader.skipValue()
            }
        }
        self.init(
            indexId: try required(indexId, "index_id", of: Self.self), date: try required(date, "date", of: Self.self),
            value: try required(value, "value", of: Self.self),
            dailyReturn: try required(dailyReturn, "daily_return", of: Self.self))
    }
}
