import EventSourcing

/// The strategy configuration of an index changed. Stream `strategy-<index_id>`.
///
/// Carries the full new configuration, so the stream's last event is the configuration in force;
/// the actor who changed it is in the event's metadata.
public struct ConfigUpdated: DomainEvent {
    public static let eventType = "ConfigUpdated"
    public static let schemaVersion = 1
    public static let streamCategory = "strategy"

    public var indexId: String
    /// 1 for the first configuration, then one more per change.
    public var configVersion: Int
    public var config: StrategyConfig
    /// Names of the fields that differ from the previous configuration (all of them at first).
    public var changedFields: [String]
    /// Why it changed, as the actor said.
    public var reason: String?

    public init(indexId: String, configVersion: Int, config: StrategyConfig, changedFields: [String], reason: String?) {
        self.indexId = indexId
        self.configVersion = configVersion
        self.config = config
        self.changedFields = changedFields
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case indexId = "index_id"
        case configVersion = "config_version"
        case config
        case changedFields = "changed_fields"
        case reason
    }

    public init(json reader: inout JSONReader) throws {
        var indexId: String?
        var configVersion: Int?
        var config: StrategyConfig?
        var changedFields: [String]?
        var reason: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "index_id": indexId = try reader.readString()
            case "config_version": configVersion = try reader.readInt()
            case "config": config = try StrategyConfig(json: &reader)
            case "changed_fields": changedFields = try reader.readStringArray()
            case "reason": reason = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            indexId: try required(indexId, "index_id", of: Self.self),
            configVersion: try required(configVersion, "config_version", of: Self.self),
            config: try required(config, "config", of: Self.self),
            changedFields: try required(changedFields, "changed_fields", of: Self.self), reason: reason)
    }
}
