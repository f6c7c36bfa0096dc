import AutoIndexDomain
import EventSourcing

/// One index's commands, one at a time: configuration changes and policy runs (scheduled, after a
/// refresh, or a manual rebalance). Keeps the market data it read and only reads what the log gained
/// since, so a command does not re-read hundreds of thousands of prices.
public actor IndexDesk {
    public let store: any EventStore
    public let indexId: String
    private var market: MarketDataLedger?

    /// - Parameter market: the market data already folded from this log (the first start's), so the
    ///   first what-if or rebalance reads only what came after it.
    public init(store: any EventStore, indexId: String = IndexStreams.defaultIndexId, market: MarketDataLedger? = nil) {
        self.store = store
        self.indexId = indexId
        self.market = market
    }

    /// A configuration change and what followed it.
    public struct ConfigChangeOutcome: Sendable, Hashable {
        /// The configuration in force afterwards.
        public var config: ConfigUpdated
        /// Whether a new `ConfigUpdated` was appended (nothing is when the patch changes nothing).
        public var changed: Bool
        /// The policy run after the change, when one was asked for.
        public var update: IndexUpdateSummary?
        /// The log position that shows the outcome (read-your-writes).
        public var position: Int64
    }

    /// Values the index up to the market data in the log and rebalances where due, or at the last
    /// valued close for `request`.
    /// - Throws: `IndexPolicyError`, store errors.
    public func update(request: RebalanceRequest? = nil, actor: String = "system") async throws
        -> IndexUpdateSummary
    {
        return try await IndexUpdater(store: store, indexId: indexId, actor: actor).update(
            request: request, market: try await marketData())
    }

    /// Changes the configuration by `patch` and, when `recompute` is set, values and rebalances the
    /// index under the new configuration in the same atomic append. Reads the strategy and index
    /// streams once, plans once, appends once. When another process appended to either stream
    /// meanwhile, it decides again on what is then in force, so a patch naming `config_version` then
    /// meets its conflict.
    /// - Throws: `StrategyConfigVersionConflict` for a stale `config_version`; `StrategyConfigError`
    ///   listing every problem; `EventStoreError.wrongExpectedVersion` after three lost races.
    public func changeConfig(_ patch: StrategyConfigPatch, actor: String, recompute: Bool) async throws
        -> ConfigChangeOutcome
    {
        let strategy = IndexStreams.strategy(indexId)
        var attempt = 0
        while true {
            attempt += 1
            var history = try await store.read(stream: strategy)
            if history.isEmpty {
                _ = try await IndexUpdater(store: store, indexId: indexId, actor: actor).configuration()
                history = try await store.read(stream: strategy)
            }
            guard let last = history.last(where: { $0.type == ConfigUpdated.eventType }) else {
                throw EventStoreError.invalidAppend("no configuration")
            }
            let current = try last.decode(ConfigUpdated.self)
            var record = IndexRecord()
            for event in try await store.read(stream: IndexStreams.index(indexId)) { try record.evolve(event) }
            let decision = try StrategyConfigChange.decide(
                patch, current: current, version: history.last?.version ?? 0, index: record,
                market: try await marketData(), recompute: recompute)
            var outcome = ConfigChangeOutcome(
                config: decision.config, changed: decision.changed, update: nil, position: last.position)
            guard !decision.append.isEmpty else { return outcome }
            do {
                let result = try await store.append(
                    try decision.append.request(metadata: EventMetadata(actor: actor, source: "api")))
                outcome.position = result.lastPosition
                outcome.update = decision.policy.map { plan in
                    IndexUpdateSummary(
                        indexId: indexId, configVersion: decision.config.configVersion, valuedDays: plan.valuedDays,
                        rebalances: plan.rebalances, lastValuedDate: plan.lastValuedDate,
                        lastPosition: plan.append.isEmpty ? nil : result.lastPosition)
                }
                return outcome
            } catch EventStoreError.wrongExpectedVersion where attempt < 3 {
                continue
            }
        }
    }

    /// The market data in the log, caught up.
    public func marketData() async throws -> MarketDataLedger {
        var ledger = market ?? MarketDataLedger()
        ledger = try await store.fold(ledger)
        market = ledger
        return ledger
    }

    /// What-if: the configuration in force changed by `patch`, run over the recorded market data in an
    /// overlay (nothing is appended), side by side with the actual index from `start` to `end`. Runs
    /// outside the desk, so commands are not held up.
    /// - Throws: `StrategyConfigError` for an invalid configuration; `StrategyReplay.Failure`.
    public nonisolated func whatIf(_ patch: StrategyConfigPatch, start: String?, end: String?) async throws
        -> StrategyReplay.Comparison
    {
        let market = try await marketData()
        let current = try await IndexUpdater(store: store, indexId: indexId).configuration()
        let config: StrategyConfig
        do {
            config = try StrategyConfigChange.validate(patch, current: current)
        } catch let error as StrategyConfigError {
            throw error.within("config")
        }
        let actual = IndexRun(
            events: try await store.read(stream: IndexStreams.index(indexId)).map { try EventCatalog.decode($0) })
        return try StrategyReplay.compare(
            config, actual: actual, market: market, indexId: indexId, start: start, end: end)
    }
}
