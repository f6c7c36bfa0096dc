import EventSourcing

/// A rebalance of the index was asked for. Stream `index-<index_id>`; the first of the three events
/// of a rebalance, appended atomically with `WeightsCalculated` and `AllocationChanged`.
public struct RebalanceRequested: DomainEvent {
    public static let eventType = "RebalanceRequested"
    public static let schemaVersion = 1
    public static let streamCategory = "index"

    public var indexId: String
    /// The close at which weights are decided, `YYYY-MM-DD`.
    public var asOfDate: String
    /// `initial`, `schedule`, `drift`, `manual` or `config_change`.
    public var trigger: String
    public var reason: String?

    public init(indexId: String, asOfDate: String, trigger: String, reason: String?) {
        self.indexId = indexId
        self.asOfDate = asOfDate
        self.trigger = trigger
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case indexId = "index_id"
        case asOfDate = "as_of_date"
        case trigger, reason
    }

    public init(json reader: inout JSONReader) throws {
        var indexId: String?
        var asOfDate: String?
        var trigger: String?
        var reason: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "index_id": indexId = try reader.readString()
            case "as_of_date": asOfDate = try reader.readString()
            case "trigger": trigger = try reader.readString()
            case "reason": reason = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            indexId: try required(indexId, "index_id", of: Self.self),
            asOfDate: try required(asOfDate, "as_of_date", of: Self.self),
            trigger: try required(trigger, "trigger", of: Self.self), reason: reason)
    }
}
