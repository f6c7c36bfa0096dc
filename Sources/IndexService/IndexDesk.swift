import AutoIndexDomain
import EventSourcing
import MarketData

/// One index's commands, one at a time: configuration changes and policy runs (scheduled, after a
/// refresh, or a manual rebalance). Keeps the market data it read and only reads what the log gained
/// since, so a command does not re-read hundreds of thousands of prices.
public actor IndexDesk {
    public let store: any EventStore
    public let indexId: String
    private var market: MarketDataLedger?

    public init(store: any EventStore, indexId: String = IndexStreams.defaultIndexId) {
        self.store = store
        self.indexId = indexId
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

    /// Changes the configuration by `patch` and, when `recompute` is set, runs the policy, which
    /// rebalances at the last valued close under the new configuration.
    /// - Throws: `StrategyConfigError` listing every problem; `EventStoreError.wrongExpectedVersion`
    ///   when the configuration changed elsewhere meanwhile; store errors.
    public func changeConfig(_ patch: StrategyConfigPatch, actor: String, recompute: Bool) async throws
        -> ConfigChangeOutcome
    {
        let updater = IndexUpdater(store: store, indexId: indexId, actor: actor)
        _ = try await updater.configuration()
        let history = try await store.read(stream: IndexStreams.strategy(indexId))
        guard let last = history.last(where: { $0.type == ConfigUpdated.eventType }) else {
            throw EventStoreError.invalidAppend("no configuration")
        }
        let decision = try StrategyConfigChange.decide(
            patch, current: try last.decode(ConfigUpdated.self), version: history.last?.version ?? 0)
        var position = last.position
        if !decision.append.isEmpty {
            try await dryRun(decision.config)
            let result = try await store.append(
                try decision.append.request(metadata: EventMetadata(actor: actor, source: "api")))
            position = result.lastPosition
        }
        var outcome = ConfigChangeOutcome(
            config: decision.config, changed: !decision.append.isEmpty, update: nil, position: position)
        if recompute && outcome.changed {
            let summary = try await update(actor: actor)
            outcome.update = summary
            outcome.position = max(position, summary.lastPosition ?? position)
        }
        return outcome
    }

    /// Plans the index under `config` without appending, so a configuration the engine cannot run on
    /// the recorded data (infeasible weight bounds, a solver that does not converge) is refused before
    /// it is recorded, instead of stopping every later valuation.
    /// - Throws: `StrategyConfigError` naming the engine's objection.
    private func dryRun(_ config: ConfigUpdated) async throws {
        var record = IndexRecord()
        for event in try await store.read(stream: IndexStreams.index(indexId)) { try record.evolve(event) }
        do {
            _ = try IndexPolicy(indexId: indexId).plan(market: try await marketData(), config: config, record: record)
        } catch {
            throw StrategyConfigError(problems: [
                "the engine cannot run this configuration on the recorded data: \(error)"
            ])
        }
    }

    /// The market data in the log, caught up.
    public func marketData() async throws -> MarketDataLedger {
        var ledger = market ?? MarketDataLedger()
        try await ledger.catchUp(with: store)
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
        let config = patch.applied(to: current.config)
        let problems =
            patch.unknownFields.map { "\($0): unknown field" } + StrategyConfigChange.problems(config)
        guard problems.isEmpty else { throw StrategyConfigError(problems: problems) }
        let actual = IndexRun(
            events: try await store.read(stream: IndexStreams.index(indexId)).map { try EventCatalog.decode($0) })
        return try StrategyReplay.compare(
            config, actual: actual, market: market, indexId: indexId, start: start, end: end)
    }
}
