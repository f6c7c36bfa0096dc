import EventSourcing
import IndexEngine

/// One planning pass of the index policy: the portfolio carried forward day by day, and the events
/// it produces.
struct PolicyRun {
    let indexId: String
    let history: MarketHistory
    let config: ConfigUpdated
    let method: WeightingMethod
    let lastInputPosition: Int64
    /// The market capitalisations known as of a date, for the market-cap sleeve.
    let marketCaps: (String) -> [String: Double]
    /// The stream version before the plan.
    let version: Int64
    private var summary = IndexPolicy.Plan(append: PlannedAppend())
    private var events: [PlannedEvent] = []
    private var portfolio: IndexPortfolio?
    private var value = 100.0
    private(set) var lastRebalanceDay: Int?

    init(
        indexId: String, history: MarketHistory, config: ConfigUpdated, method: WeightingMethod,
        lastInputPosition: Int64, version: Int64, marketCaps: @escaping (String) -> [String: Double]
    ) {
        self.marketCaps = marketCaps
        self.indexId = indexId
        self.history = history
        self.config = config
        self.method = method
        self.lastInputPosition = lastInputPosition
        self.version = version
    }

    /// The events planned so far, for the index stream in one atomic append.
    var plan: IndexPolicy.Plan {
        var plan = summary
        if !events.isEmpty {
            plan.append = PlannedAppend([
                .init(stream: IndexStreams.index(indexId), expectedVersion: .after(version), events: events)
            ])
        }
        return plan
    }

    /// Starts a new index at the first day from `warmUp` on where the strategy can decide weights:
    /// value 100 at that close. Returns the base day, or nil when the history is too short.
    mutating func start(from warmUp: Int) throws -> Int? {
        var day = warmUp
        while day < history.count {
            do {
                let decision = try WeightEngine.decide(
                    method, history: history, asOf: day, marketCaps: marketCaps(history.dates[day].text))
                try record(decision, trigger: "initial", reason: nil, day: day)
                append(

                    IndexValued(indexId: indexId, date: history.dates[day].text, value: 100, dailyReturn: 0))
                summary.valuedDays += 1
                summary.lastValuedDate = history.dates[day].text
                return day
            } catch EngineError.noEligibleAssets, EngineError.noSleeveAvailable {
                day += 1
            }
        }
        return nil
    }

    /// Carries the recorded index forward to its last valued day: the recorded weights, drifted with
    /// the cleaned returns, and the recorded last value. Returns the last valued day.
    mutating func restore(_ record: IndexRecord) throws -> Int {
        var weightsAsOf: [String: [String: Double]] = [:]
        for rebalance in record.rebalances { weightsAsOf[rebalance.asOfDate] = rebalance.weights }
        let history = self.history
        let dayOf = { (text: String) throws -> Int in
            guard let date = TradingDate(text), let day = history.index(of: date) else {
                throw IndexPolicyError.valuedDateNotInData(text)
            }
            return day
        }
        guard let baseDate = record.valuedDates.first, let lastDate = record.lastValuedDate else { return 0 }
        let base = try dayOf(baseDate)
        let last = try dayOf(lastDate)
        guard let baseWeights = weightsAsOf[baseDate] else { throw IndexPolicyError.noBaseAllocation(baseDate) }
        var portfolio = try IndexPortfolio(weights: vector(baseWeights))
        lastRebalanceDay = base
        if last > base {
            for day in (base + 1)...last {
                if day - 1 > base, let weights = weightsAsOf[history.dates[day - 1].text] {
                    try portfolio.rebalance(to: vector(weights))
                    lastRebalanceDay = day - 1
                }
                try portfolio.advance(returns: history.returns[day])
            }
            if let weights = weightsAsOf[lastDate] {
                try portfolio.rebalance(to: vector(weights))
                lastRebalanceDay = last
            }
        }
        self.portfolio = portfolio
        value = record.lastValue ?? 100
        summary.lastValuedDate = lastDate
        return last
    }

    /// Values `day` with the weights held since the previous close.
    mutating func value(_ day: Int) throws {
        guard var portfolio else { return }
        let dailyReturn = try portfolio.advance(returns: history.returns[day])
        self.portfolio = portfolio
        value *= 1 + dailyReturn
        append(

            IndexValued(indexId: indexId, date: history.dates[day].text, value: value, dailyReturn: dailyReturn))
        summary.valuedDays += 1
        summary.lastValuedDate = history.dates[day].text
    }

    /// Whether any drifted weight has left the schedule's band around its target.
    func isDriftBreached(_ schedule: RebalanceSchedule) -> Bool {
        guard let portfolio else { return false }
        return schedule.isDriftBreached(current: portfolio.weights, target: portfolio.targetWeights)
    }

    /// Decides new weights at the close of `day` and records the rebalance. A day on which no asset
    /// can be weighted keeps the current weights.
    mutating func rebalance(at day: Int, trigger: String, reason: String?) throws {
        do {
            let decision = try WeightEngine.decide(
                method, history: history, asOf: day, marketCaps: marketCaps(history.dates[day].text))
            try record(decision, trigger: trigger, reason: reason, day: day)
        } catch EngineError.noEligibleAssets, EngineError.noSleeveAvailable {
            return
        }
    }

    private mutating func record(_ decision: WeightDecision, trigger: String, reason: String?, day: Int) throws {
        let asOf = decision.asOf.text
        let old = portfolio.map { weights(of: $0.weights) } ?? []
        let turnover: Double
        if var portfolio {
            turnover = try portfolio.rebalance(to: decision.weights)
            self.portfolio = portfolio
        } else {
            portfolio = try IndexPortfolio(weights: decision.weights)
            turnover = 1
        }
        let correlationId = "rebalance-\(indexId)-\(version + Int64(events.count) + 1)"
        append(
            RebalanceRequested(indexId: indexId, asOfDate: asOf, trigger: trigger, reason: reason),
            correlationId)
        append(

            WeightsCalculated(
                indexId: indexId, asOfDate: asOf, configVersion: config.configVersion,
                inputStartDate: decision.inputStart.text, inputEndDate: asOf,
                lastInputPosition: Int(lastInputPosition),
                sleeves: decision.sleeves.map {
                    WeightsCalculated.Sleeve(
                        sleeve: $0.sleeve.rawValue, configuredWeight: $0.configuredWeight,
                        appliedWeight: $0.appliedWeight, note: $0.note)
                },
                assets: decision.components.map {
                    WeightsCalculated.Component(
                        symbol: $0.symbol, momentum: $0.momentum, volatility: $0.volatility,
                        momentumWeight: $0.momentumWeight, marketCapWeight: $0.marketCapWeight,
                        riskParityWeight: $0.riskParityWeight, weight: $0.weight)
                },
                excluded: decision.excluded.map {
                    WeightsCalculated.Exclusion(symbol: $0.symbol, reason: $0.reason)
                }),
            correlationId)
        append(

            AllocationChanged(
                indexId: indexId, asOfDate: asOf, oldWeights: old, newWeights: weights(of: decision.weights),
                turnover: turnover), correlationId)
        summary.rebalances += 1
        lastRebalanceDay = day
    }

    private mutating func append(_ event: any DomainEvent, _ correlationId: String? = nil) {
        events.append(PlannedEvent(event, correlationId: correlationId))
    }

    private func weights(of vector: [Double]) -> [AssetWeight] {
        zip(history.symbols, vector).filter { $0.1 > 0 }.map { AssetWeight(symbol: $0.0, weight: $0.1) }
    }

    private func vector(_ weights: [String: Double]) -> [Double] {
        history.symbols.map { weights[$0] ?? 0 }
    }
}
