import IndexEngine

/// What-if replay: another configuration run over the recorded market data in an overlay that never
/// touches the log, side by side with the actual index over the same dates.
public enum StrategyReplay {
    /// The index `config` would have produced from the first day the data allows (no look-ahead: a
    /// day's value depends only on data up to it, so a window of this run is what the strategy would
    /// have shown on those days).
    /// - Throws: `IndexPolicyError` when the engine refuses the configuration or the data.
    public static func run(_ config: StrategyConfig, market: MarketDataLedger, indexId: String) throws(IndexPolicyError)
        -> IndexRun
    {
        let what = ConfigUpdated(
            indexId: indexId, configVersion: 1, config: config, changedFields: StrategyConfig.fieldNames,
            reason: "what-if")
        let plan = try IndexPolicy(indexId: indexId).plan(market: market, config: what, record: IndexRecord())
        return IndexRun(events: plan.append.parts.flatMap { $0.events.map(\.event) })
    }

    /// One side of the comparison: the values rebased to 100 on the first day, the rebalances, and the
    /// risk metrics (against the S&P 500 where it has levels).
    public struct Side: Sendable, Encodable {
        public var series: [Point]
        public var rebalances: [IndexRun.Rebalance]
        public var riskMetrics: RiskMetrics

        public struct Point: Sendable, Hashable, Encodable {
            public var date: String
            public var value: Double
        }

        enum CodingKeys: String, CodingKey {
            case series, rebalances
            case riskMetrics = "risk_metrics"
        }
    }

    /// The two sides over the same days.
    public struct Comparison: Sendable, Encodable {
        public var startDate: String
        public var endDate: String
        public var config: StrategyConfig
        public var alternative: Side
        public var actual: Side
        /// Whether the alternative's values equal the actual ones exactly on every common day.
        public var identicalValues: Bool

        enum CodingKeys: String, CodingKey {
            case startDate = "start_date"
            case endDate = "end_date"
            case config, alternative, actual
            case identicalValues = "identical_values"
        }
    }

    /// Why a comparison cannot be made.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case tooFewDays(String)
        case policy(IndexPolicyError)
        case metrics(String)

        public var description: String {
            switch self {
            case .tooFewDays(let detail), .metrics(let detail): return detail
            case .policy(let error): return error.description
            }
        }
    }

    /// Runs `config` over `market` and compares it with `actual` (the recorded index) from `start` to
    /// `end`, on the days both have.
    /// - Throws: ``Failure``.
    public static func compare(
        _ config: StrategyConfig, actual: IndexRun, market: MarketDataLedger, indexId: String, start: String?,
        end: String?, benchmarkSymbol: String = "SPX"
    ) throws(Failure) -> Comparison {
        let alternative: IndexRun
        do { alternative = try run(config, market: market, indexId: indexId) } catch { throw .policy(error) }
        let common = Set(alternative.window(from: start, to: end).dates).intersection(
            actual.window(from: start, to: end).dates)
        guard common.count >= 2, let first = common.min(), let last = common.max() else {
            throw .tooFewDays("the range holds fewer than 2 days valued by both the actual and the alternative index")
        }
        let benchmark = (market.closes[benchmarkSymbol] ?? [:]).compactMapValues(Double.init)
        func side(_ run: IndexRun) throws(Failure) -> Side {
            let window = run.window(from: first, to: last)
            let pairs = zip(window.dates, window.values).filter { common.contains($0.0) }
            guard let base = pairs.first?.1 else { throw .tooFewDays("no common day") }
            let dates = pairs.map(\.0)
            let values = pairs.map { $0.1 / base * 100 }
            let levels = dates.compactMap { date in benchmark[date].map { (date, $0) } }
            do {
                let metrics = try RiskMetrics.compute(
                    dates: dates, values: values, benchmarkDates: levels.count >= 2 ? levels.map(\.0) : nil,
                    benchmarkValues: levels.count >= 2 ? levels.map(\.1) : nil, annualRiskFreeRate: config.riskFreeRate)
                return Side(
                    series: zip(dates, values).map { Side.Point(date: $0, value: $1) }, rebalances: window.rebalances,
                    riskMetrics: metrics)
            } catch {
                throw .metrics("risk metrics: \(error)")
            }
        }
        let ours = alternative.window(from: first, to: last)
        let theirs = actual.window(from: first, to: last)
        let recorded = Dictionary(zip(theirs.dates, theirs.values), uniquingKeysWith: { _, last in last })
        let identical = zip(ours.dates, ours.values).allSatisfy { date, value in
            !common.contains(date) || recorded[date] == value
        }
        return Comparison(
            startDate: first, endDate: last, config: config, alternative: try side(alternative),
            actual: try side(actual),
            identicalValues: identical)
    }
}
