import AutoIndexDomain
import EventSourcing

/// The rebalances of an index as the log recorded them, and their verification from the recorded inputs.
public struct RebalanceAudit: Sendable {
    public let store: any EventStore
    public let indexId: String

    public init(store: any EventStore, indexId: String = IndexStreams.defaultIndexId) {
        self.store = store
        self.indexId = indexId
    }

    /// One rebalance in the list.
    public struct Entry: Sendable, Hashable, Encodable {
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

    /// Every rebalance, oldest first.
    public func rebalances() async throws -> [Entry] {
        try Self.entries(in: try await store.read(stream: IndexStreams.index(indexId)))
    }

    /// The rebalances recorded in the index stream's `events`.
    static func entries(in events: [RecordedEvent]) throws -> [Entry] {
        var requests: [String: RebalanceRequested] = [:]
        var versions: [String: Int] = [:]
        var entries: [Entry] = []
        for event in events {
            let id = event.metadata.correlationId
            switch event.type {
            case RebalanceRequested.eventType: requests[id] = try event.decode(RebalanceRequested.self)
            case WeightsCalculated.eventType: versions[id] = try event.decode(WeightsCalculated.self).configVersion
            case AllocationChanged.eventType:
                let change = try event.decode(AllocationChanged.self)
                entries.append(
                    Entry(
                        rebalanceId: id, asOfDate: change.asOfDate, trigger: requests[id]?.trigger ?? "unknown",
                        reason: requests[id]?.reason, actor: event.metadata.actor, recordedAt: event.recordedAt,
                        configVersion: versions[id] ?? 0, turnover: change.turnover, position: event.position))
            default: continue
            }
        }
        return entries
    }

    /// Recomputes the rebalance's weights from the market data up to its last input position with the
    /// configuration version it names; nil when no rebalance has this id.
    public func verify(_ rebalanceId: String) async throws -> RebalanceCheck.Outcome? {
        var recorded: WeightsCalculated?
        for event in try await store.read(stream: IndexStreams.index(indexId))
        where event.type == WeightsCalculated.eventType && event.metadata.correlationId == rebalanceId {
            recorded = try event.decode(WeightsCalculated.self)
        }
        guard let recorded else { return nil }
        guard let config = try await configuration(version: recorded.configVersion)?.updated else {
            return RebalanceCheck.Outcome(
                rebalanceId: rebalanceId, asOfDate: recorded.asOfDate, configVersion: recorded.configVersion,
                lastInputPosition: recorded.lastInputPosition, matches: false, differences: [],
                problem: "configuration version \(recorded.configVersion) is not in the log")
        }
        let market = try await store.fold(MarketDataLedger(), through: Int64(recorded.lastInputPosition))
        return RebalanceCheck.verify(recorded, rebalanceId: rebalanceId, config: config.config, market: market)
    }

    /// The `ConfigUpdated` event that made configuration `version`, decoded; nil when the log has none.
    func configuration(version: Int) async throws -> (event: RecordedEvent, updated: ConfigUpdated)? {
        for event in try await store.read(stream: IndexStreams.strategy(indexId)).reversed()
        where event.type == ConfigUpdated.eventType {
            let updated = try event.decode(ConfigUpdated.self)
            if updated.configVersion == version { return (event, updated) }
        }
        return nil
    }
}
