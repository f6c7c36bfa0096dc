/// Replays a weighting method and a rebalance schedule over a price history.
///
/// No look-ahead: weights decided at the close of day t use data up to t and earn day t + 1's returns.
/// `start` is the base date: the value is 100 at its close and the first weights are decided at that
/// close. Each later day is valued with the previous day's drifted weights; then, at its close, the
/// portfolio rebalances if the schedule says so — calendar schedules at the last trading day of each
/// calendar period in the data (a close whose next trading date is in another period), drift schedules
/// when a drifted weight is more than the band from its target. There is never a rebalance at `end`.
public enum Backtest {
    /// Runs a backtest.
    /// - Parameters:
    ///   - history: the cleaned price history.
    ///   - assets: the symbols the index may hold.
    ///   - start: the base date, a date of the history.
    ///   - end: the last date valued, a date of the history after `start`.
    ///   - method: how weights are decided.
    ///   - schedule: when they are decided again.
    ///   - marketCaps: market capitalisations by symbol, for the market-cap sleeve of a blend.
    /// - Throws: `EngineError.dateNotInData`, `.startNotBeforeEnd`, `.unknownAsset`, `.duplicateSymbol`,
    ///   parameter errors, and any error of the base decision. A later scheduled rebalance that finds no
    ///   eligible asset or no sleeve is skipped and listed in `skipped`.
    public static func run(
        history: MarketHistory, assets: [String], start: TradingDate, end: TradingDate, method: WeightingMethod,
        schedule: RebalanceSchedule, marketCaps: [String: Double] = [:]
    ) throws(EngineError) -> BacktestResult {
        guard let first = history.index(of: start) else { throw .dateNotInData(start) }
        guard let last = history.index(of: end) else { throw .dateNotInData(end) }
        guard first < last else { throw .startNotBeforeEnd(start: start, end: end) }
        var held: [Int] = []
        for symbol in assets {
            guard let index = history.index(ofSymbol: symbol) else { throw .unknownAsset(symbol) }
            held.append(index)
        }
        held.sort { history.symbols[$0] < history.symbols[$1] }

        func decide(_ day: Int) throws(EngineError) -> WeightDecision {
            try WeightEngine.decide(method, history: history, asOf: day, universe: assets, marketCaps: marketCaps)
        }
        func record(_ decision: WeightDecision, turnover: Double) -> BacktestRebalance {
            BacktestRebalance(
                date: decision.asOf, decision: decision,
                weights: held.map { SymbolWeight(symbol: history.symbols[$0], weight: decision.weights[$0]) },
                turnover: turnover)
        }

        let base = try decide(first)
        var portfolio = try IndexPortfolio(baseValue: 100, weights: base.weights)
        var series = [IndexPoint(date: start, value: portfolio.value, dailyReturn: nil)]
        series.reserveCapacity(last - first + 1)
        // From all cash to fully invested: ½·(|0 − 1| for cash + Σ|w − 0|) = 1.
        var rebalances = [record(base, turnover: 1)]
        var skipped: [SkippedRebalance] = []
        for day in (first + 1)...last {
            let dailyReturn = try portfolio.advance(returns: history.returns[day])
            series.append(IndexPoint(date: history.dates[day], value: portfolio.value, dailyReturn: dailyReturn))
            guard day < last else { break }
            let due =
                schedule.endsPeriod(history.dates[day], next: history.dates[day + 1])
                || schedule.isDriftBreached(current: portfolio.weights, target: portfolio.targetWeights)
            guard due else { continue }
            do {
                let decision = try decide(day)
                let turnover = try portfolio.rebalance(to: decision.weights)
                rebalances.append(record(decision, turnover: turnover))
            } catch {
                switch error {
                case .noEligibleAssets, .noSleeveAvailable:
                    skipped.append(SkippedRebalance(date: history.dates[day], reason: error.description))
                default:
                    throw error
                }
            }
        }
        return BacktestResult(series: series, rebalances: rebalances, skipped: skipped)
    }
}
