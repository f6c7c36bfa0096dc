import EventSourcing

/// The index's target allocation changed at a rebalance. Stream `index-<index_id>`.
public struct AllocationChanged: DomainEvent {
    public static let eventType = "AllocationChanged"
    public static let schemaVersion = 1
    public static let streamCategory = "index"

    public var indexId: String
    /// The close at which the weights were decided; they apply from the next trading day.
    public var asOfDate: String
    /// The drifted weights just before the rebalance (empty at the first one), sorted by symbol.
    public var oldWeights: [AssetWeight]
    /// The new target weights, sorted by symbol.
    public var newWeights: [AssetWeight]
    /// One-way turnover: half the sum of absolute weight changes.
    public var turnover: Double

    public init(
        indexId: String, asOfDate: String, oldWeights: [AssetWeight], newWeights: [AssetWeight], turnover: Double
    ) {
        self.indexId = indexId
        self.asOfDate = asOfDate
        self.oldWeights = oldWeights
        self.newWeights = newWeights
        self.turnover = turnover
    }

    enum CodingKeys: String, CodingKey {
        case indexId = "index_id"
        case asOfDate = "as_of_date"
        case oldWeights = "old_weights"
        case newWeights = "new_weights"
        case turnover
    }

    public init(json reader: inout JSONReader) throws {
        var indexId: String?
        var asOfDate: String?
        var oldWeights: [AssetWeight]?
        var newWeights: [AssetWeight]?
        var turnover: Double?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "index_id": indexId = try reader.readString()
            case "as_of_date": asOfDate = try reader.readString()
            case "old_weights": oldWeights = try AssetWeight.readArray(&reader)
            case "new_weights": newWeights = try AssetWeight.readArray(&reader)
            case "turnover": turnover = try reader.readDouble()
            default: try reader.skipValue()
            }
        }
        self.init(
            indexId: try required(indexId, "index_id", of: Self.self),
            asOfDate: try required(asOfDate, "as_of_date", of: Self.self),
            oldWeights: try required(oldWeights, "old_weights", of: Self.self),
            newWeights: try required(newWeights, "new_weights", of: Self.self),
            turnover: try required(turnover, "turnover", of: Self.self))
    }
}
