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

    /// Every rebalance, oldest first.
    public func rebalances() async throws -> [RebalanceSummary] {
        try Self.entries(in: try await store.read(stream: IndexStreams.index(indexId)))
    }

    /// The rebalances recorded in the index stream's `events`.
    static func entries(in events: [RecordedEvent]) throws -> [RebalanceSummary] {
        var requests: [String: RebalanceRequested] = [:]
        var versions: [String: Int] = [:]
        var entries: [RebalanceSummary] = []
        for event in events {
            let id = event.metadata.correlationId
            switch event.type {
            case RebalanceRequested.eventType: requests[id] = try event.decode(RebalanceRequested.self)
            case WeightsCalculated.eventType: versions[id] = try event.decode(WeightsCalculated.self).configVersion
            case AllocationChanged.eventType:
                let change = try event.decode(AllocationChanged.self)
                entries.append(
                    RebalanceSummary(
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
