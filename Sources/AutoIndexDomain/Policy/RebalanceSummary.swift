/// One rebalance in the audit's list: what its three events (one correlation id) say of it.
public struct RebalanceSummary: Sendable, Hashable, Encodable {
    /// The correlation id its three events share.
    public var rebalanceId: String
    public var asOfDate: String
    public var trigger: String
    public var reason: String?
    /// Who or what asked for it (the events' actor).
    public var actor: String
    public var recordedAt: String
    public var configVersion: Int
    public var turnover: Double
    /// The position of its `AllocationChanged`.
    public var position: Int64

    public init(
        rebalanceId: String, asOfDate: String, trigger: String, reason: String?, actor: String, recordedAt: String,
        configVersion: Int, turnover: Double, position: Int64
    ) {
        self.rebalanceId = rebalanceId
        self.asOfDate = asOfDate
        self.trigger = trigger
        self.reason = reason
        self.actor = actor
        self.recordedAt = recordedAt
        self.configVersion = configVersion
        self.turnover = turnover
        self.position = position
    }

    enum CodingKeys: String, CodingKey {
        case rebalanceId = "rebalance_id"
        case asOfDate = "as_of_date"
        case trigger, reason, actor, turnover, position
        case recordedAt = "recorded_at"
        case configVersion = "config_version"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rebalanceId, forKey: .rebalanceId)
        try container.encode(asOfDate, forKey: .asOfDate)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(reason, forKey: .reason)
        try container.encode(actor, forKey: .actor)
        try container.encode(recordedAt, forKey: .recordedAt)
        try container.encode(configVersion, forKey: .configVersion)
        try container.encode(turnover, forKey: .turnover)
        try container.encode(position, forKey: .position)
    }
}
