import EventSourcing

extension StrategyConfigChange {
    /// A configuration change decided together with the index policy under the new configuration.
    public struct Outcome: Sendable, Hashable {
        /// The configuration in force afterwards.
        public var config: ConfigUpdated
        /// Whether the change appends a new `ConfigUpdated`.
        public var changed: Bool
        /// The policy's plan under the new configuration, when it is appended with the change.
        public var policy: IndexPolicy.Plan?
        /// The one atomic append: the strategy stream and, with `policy`, the index stream.
        public var append: PlannedAppend
    }

    /// Decides the change of `current` (the strategy stream at `version`) by `patch`, and plans the
    /// index under the new configuration: a configuration the engine cannot run on the recorded data
    /// is refused before anything is recorded. With `recompute`, the plan (the missing values and the
    /// configuration-change rebalance) is appended with the change, atomically.
    /// - Throws: `StrategyConfigVersionConflict`; `StrategyConfigError` listing every problem,
    ///   including the engine's objection.
    public static func decide(
        _ patch: StrategyConfigPatch, current: ConfigUpdated, version: Int64, index record: IndexRecord,
        market: MarketDataLedger, recompute: Bool
    ) throws -> Outcome {
        let decision = try decide(patch, current: current, version: version)
        guard !decision.append.isEmpty else {
            return Outcome(config: current, changed: false, policy: nil, append: PlannedAppend())
        }
        let plan: IndexPolicy.Plan
        do {
            plan = try IndexPolicy(indexId: current.indexId).plan(
                market: market, config: decision.config, record: record)
        } catch {
            throw StrategyConfigError(problems: [
                "the engine cannot run this configuration on the recorded data: \(error)"
            ])
        }
        guard recompute else {
            return Outcome(config: decision.config, changed: true, policy: nil, append: decision.append)
        }
        var append = decision.append
        append.parts += plan.append.parts
        return Outcome(config: decision.config, changed: true, policy: plan, append: append)
    }
}
