import AutoIndexDomain
import EventSourcing

/// Runs the index policy against the log: reads the market data, the configuration and the index
/// stream, and appends what the policy plans in one atomic append.
///
/// Appends are guarded by the index stream's version, so two updaters racing cannot both append; the
/// loser plans again from the new state.
public struct IndexUpdater: Sendable {
    public let store: any EventStore
    public var indexId: String
    /// Recorded as the actor of the events (`system` for the policy).
    public var actor: String

    public init(store: any EventStore, indexId: String = IndexStreams.defaultIndexId, actor: String = "system") {
        self.store = store
        self.indexId = indexId
        self.actor = actor
    }

    /// The configuration in force; at first start the default one is appended as version 1.
    public func configuration() async throws -> ConfigUpdated {
        let stream = IndexStreams.strategy(indexId)
        if let current = try await latestConfiguration() { return current }
        let initial = StrategyDefaults.initialConfig(indexId: indexId)
        let plan = PlannedAppend([
            .init(stream: stream, expectedVersion: .noStream, events: [PlannedEvent(initial)])
        ])
        do {
            _ = try await store.append(try plan.request(metadata: EventMetadata(actor: actor, source: "defaults")))
            return initial
        } catch EventStoreError.wrongExpectedVersion {
            guard let current = try await latestConfiguration() else {
                throw EventStoreError.invalidAppend("no configuration")
            }
            return current
        }
    }

    /// The latest `ConfigUpdated` of the index, if any.
    public func latestConfiguration() async throws -> ConfigUpdated? {
        let events = try await store.read(stream: IndexStreams.strategy(indexId))
        return try events.last { $0.type == ConfigUpdated.eventType }.map { try $0.decode(ConfigUpdated.self) }
    }

    /// Values every complete trading day the index lacks and rebalances where due.
    /// - Parameters:
    ///   - request: a manual rebalance at the last valued close.
    ///   - known: the market data in the log, when the caller has just read it (it is read otherwise).
    /// - Throws: `IndexPolicyError` for an unusable configuration or stream; store errors.
    public func update(request: RebalanceRequest? = nil, market known: MarketDataLedger? = nil) async throws
        -> IndexUpdateSummary
    {
        let config = try await configuration()
        var attempt = 0
        var preloaded = known
        while true {
            attempt += 1
            let market: MarketDataLedger
            if let preloaded { market = preloaded } else { market = try await store.fold(MarketDataLedger()) }
            preloaded = nil
            var record = IndexRecord()
            for event in try await store.read(stream: IndexStreams.index(indexId)) { try record.evolve(event) }
            let plan = try IndexPolicy(indexId: indexId).plan(
                market: market, config: config, record: record, request: request)
            var summary = IndexUpdateSummary(
                indexId: indexId, configVersion: config.configVersion, valuedDays: plan.valuedDays,
                rebalances: plan.rebalances, lastValuedDate: plan.lastValuedDate, lastPosition: nil)
            guard !plan.append.isEmpty else { return summary }
            do {
                let result = try await store.append(
                    try plan.append.request(metadata: EventMetadata(actor: actor, source: "index-policy")))
                summary.lastPosition = result.lastPosition
                return summary
            } catch EventStoreError.wrongExpectedVersion where attempt < 3 {
                continue
            }
        }
    }
}
