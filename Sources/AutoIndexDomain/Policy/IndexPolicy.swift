import EventSourcing
import IndexEngine

/// Decides what an index's stream lacks, given the market data and the index's own events: a value
/// for every complete trading day, and a rebalance whenever one is due.
///
/// Pure and deterministic: the plan is a function of the log alone. Weights decided at the close of
/// day t use data up to t and apply from t+1. A calendar rebalance happens at the last trading day of
/// each period, which is known once the next day's prices arrive; a drift rebalance at the close
/// where a weight leaves its band; a manual or configuration-change rebalance at the last valued
/// close. Each rebalance is `RebalanceRequested`, `WeightsCalculated` and `AllocationChanged` with one
/// correlation id, `rebalance-<index>-<version of RebalanceRequested>`.
public struct IndexPolicy: Sendable {
    public var indexId: String

    public init(indexId: String = IndexStreams.defaultIndexId) {
        self.indexId = indexId
    }

    /// What a plan appends.
    public struct Plan: Sendable, Hashable {
        /// The events for the index stream, in one atomic append.
        public var append: PlannedAppend
        public var valuedDays = 0
        public var rebalances = 0
        /// The last date valued once the plan is appended.
        public var lastValuedDate: String?
    }

    /// Plans the events the index stream lacks.
    /// - Parameters:
    ///   - market: the market data in the log.
    ///   - config: the configuration in force.
    ///   - record: the index stream so far.
    ///   - request: a rebalance asked for at the last valued close (manual or after a configuration change).
    /// - Throws: `IndexPolicyError` when the configuration or the stream cannot be used.
    public func plan(
        market: MarketDataLedger, config: ConfigUpdated, record: IndexRecord, request: RebalanceRequest? = nil
    ) throws(IndexPolicyError) -> Plan {
        do {
            let history = try IndexUniverse.history(of: market, rules: try config.config.cleaningRules())
            var run = PolicyRun(
                indexId: indexId, history: history, config: config,
                method: .blend(try config.config.strategyParameters()),
                lastInputPosition: market.lastPosition, version: record.version,
                marketCaps: { market.marketCaps(asOf: $0) })
            let schedule = try config.config.schedule()
            var day: Int
            if record.lastValuedDate == nil {
                guard let base = try run.start(from: config.config.warmUpDays) else { return run.plan }
                day = base
            } else {
                day = try run.restore(record)
                if let request {
                    try run.rebalance(at: day, trigger: request.trigger, reason: request.reason)
                } else if let last = record.rebalances.last, last.configVersion < config.configVersion {
                    try run.rebalance(
                        at: day, trigger: "config_change", reason: "configuration version \(config.configVersion)")
                }
            }
            while day + 1 < history.count {
                if schedule.endsPeriod(history.dates[day], next: history.dates[day + 1]),
                    run.lastRebalanceDay != day
                {
                    try run.rebalance(at: day, trigger: "schedule", reason: nil)
                }
                day += 1
                try run.value(day)
                if case .drift = schedule, run.isDriftBreached(schedule) {
                    try run.rebalance(at: day, trigger: "drift", reason: nil)
                }
            }
            return run.plan
        } catch let error as IndexPolicyError {
            throw error
        } catch let error as EngineError {
            throw .engine(error)
        } catch {
            throw .engine(.invalidParameters("\(error)"))
        }
    }
}
