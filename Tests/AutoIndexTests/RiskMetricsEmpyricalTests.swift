import Foundation
import IndexEngine
import Testing

/// empyrical's own published test vectors.
///
/// Inputs are the fixtures of `stefan-jansen/empyrical-reloaded` `tests/conftest.py` (`input_data`,
/// commit 090757b4). Expected figures are the ones its `tests/test_stats.py` states (commit 31173cf1),
/// cited by test name next to each. Two of reloaded's conventions differ from the older
/// `quantopian/empyrical` file, and we follow reloaded: alpha is compounded, `(1 + mean)^252 − 1`
/// (quantopian states −8.3067 for mixed/negative, `mean · 252`). Its weekly and monthly Sortino
/// figures differ as well.
/// empyrical's default risk-free rate and required return are 0, and so are ours in these calls.
/// empyrical compares with `assert_almost_equal(…, DECIMAL_PLACES = 8)`. This suite allows 1e-8,
/// relative above magnitude 1, or the precision of the published figure where that is coarser.
/// Where empyrical answers NaN or ±inf, we answer `nil`.
@Suite("Risk metrics against empyrical's test vectors")
struct RiskMetricsEmpyricalTests {
    /// One published case: the input, the expected figure (`nil` for empyrical's NaN or inf) and
    /// the annualisation factor.
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var returns: [Double]
        var expected: Double?
        var periodsPerYear = 252.0
        var threshold = 0.0

        var testDescription: String { name }
    }

    // MARK: Fixtures (tests/conftest.py, input_data), as decimals.

    static let simpleBenchmark = [0.0, 1, 0, 1, 0, 1, 0, 1, 0].map { $0 / 100 }
    static let positiveReturns = [1.0, 2, 1, 1, 1, 1, 1, 1, 1].map { $0 / 100 }
    static let negativeReturns = [0.0, -6, -7, -1, -9, -2, -6, -8, -5].map { $0 / 100 }
    static let allNegativeReturns = [-2.0, -6, -7, -1, -9, -2, -6, -8, -5].map { $0 / 100 }
    /// `mixed_returns` is `[nan, 1, 10, −4, 2, 3, 2, 1, −10] / 100` dated 2000-01-30…2000-02-07.
    /// The leading NaN is dropped here: empyrical's nan-aware means and std skip it, so every
    /// statistic but the annual return agrees.
    static let mixedReturns = [1.0, 10, -4, 2, 3, 2, 1, -10].map { $0 / 100 }
    /// For `annual_return`, `cagr` and `calmar_ratio`, empyrical's `cum_returns` treats the NaN as
    /// a 0 return, and `len(returns)` still counts it: 9 periods.
    static let mixedReturnsNaNAsZero = [0.0] + mixedReturns
    /// `weekly_returns` and `monthly_returns` hold the same numbers with a real leading 0.
    static let weeklyReturns = [0.0, 1, 10, -4, 2, 3, 2, 1, -10].map { $0 / 100 }
    static let flatLine1 = Array(repeating: 0.01, count: 9)
    static let flatLine1Tz = Array(repeating: 0.01, count: 1000)
    static let flatLineYearly = [0.03, 0.03, 0.03]
    static let oneReturn = [0.01]
    static let uduReturns = [0.10, -0.10, 0.10]
    /// The columns of `df_simple`, `df_week` and `df_month`.
    static let one = [
        -0.00171614, 0.01322056, 0.03063862, -0.01422057, -0.00489779, 0.01268925, -0.03357711, 0.01797036,
    ]
    static let two = [0.01846232, 0.00793951, -0.01448395, 0.00422537, -0.00339611, 0.03756813, 0.0151531, 0.03549769]
    /// 2000-01-30 and the days after it, as pandas' `date_range("2000-1-30", periods=9, freq="D")`.
    static let days = (0..<9).map { $0 == 0 ? "2000-01-30" : $0 == 1 ? "2000-01-31" : "2000-02-0\($0 - 1)" }

    // MARK: Single-series statistics

    @Test(
        "max drawdown (test_max_drawdown)",
        arguments: [
            Vector(name: "empty_returns → nan", returns: [], expected: nil),
            Vector(name: "one_return", returns: oneReturn, expected: 0.0),
            Vector(name: "simple_benchmark", returns: simpleBenchmark, expected: 0.0),
            Vector(name: "mixed_returns", returns: mixedReturns, expected: -0.1),
            Vector(name: "positive_returns", returns: positiveReturns, expected: -0.0),
            Vector(name: "negative_returns", returns: negativeReturns, expected: -0.36590730),
            Vector(name: "all_negative_returns", returns: allNegativeReturns, expected: -0.378589157),
            Vector(name: "udu_returns", returns: uduReturns, expected: -0.10),
        ])
    func maxDrawdown(vector: Vector) {
        expectMatch(ReturnStatistics.maxDrawdown(vector.returns), vector.expected)
    }

    @Test(
        "annual return and CAGR (test_annual_ret, test_cagr)",
        arguments: [
            Vector(name: "empty_returns → nan", returns: [], expected: nil),
            Vector(name: "mixed_returns daily", returns: mixedReturnsNaNAsZero, expected: 1.9135925373194231),
            Vector(name: "weekly_returns", returns: weeklyReturns, expected: 0.24690830513998208, periodsPerYear: 52),
            Vector(
                name: "monthly_returns", returns: weeklyReturns, expected: 0.052242061386048144, periodsPerYear: 12),
            Vector(name: "one_return", returns: oneReturn, expected: 11.274002099240244),
            Vector(name: "flat_line_1_tz", returns: flatLine1Tz, expected: 11.274002099240256),
            Vector(name: "flat_line_yearly", returns: flatLineYearly, expected: 0.03, periodsPerYear: 1),
        ])
    func cagr(vector: Vector) {
        expectMatch(ReturnStatistics.cagr(vector.returns, periodsPerYear: vector.periodsPerYear), vector.expected)
    }

    @Test(
        "annual volatility (test_annual_volatility)",
        arguments: [
            Vector(name: "flat_line_1_tz", returns: flatLine1Tz, expected: 0.0),
            Vector(name: "mixed_returns", returns: mixedReturns, expected: 0.9136465399704637),
            Vector(name: "weekly_returns", returns: weeklyReturns, expected: 0.38851569394870583, periodsPerYear: 52),
            Vector(name: "monthly_returns", returns: weeklyReturns, expected: 0.18663690238892558, periodsPerYear: 12),
        ])
    func annualVolatility(vector: Vector) {
        expectMatch(
            ReturnStatistics.annualVolatility(vector.returns, periodsPerYear: vector.periodsPerYear), vector.expected)
    }

    @Test(
        "Calmar ratio (test_calmar)",
        arguments: [
            Vector(name: "empty_returns → nan", returns: [], expected: nil),
            Vector(name: "one_return → nan (no drawdown)", returns: oneReturn, expected: nil),
            Vector(name: "mixed_returns", returns: mixedReturnsNaNAsZero, expected: 19.135925373194233),
            Vector(name: "weekly_returns", returns: weeklyReturns, expected: 2.4690830513998208, periodsPerYear: 52),
            Vector(name: "monthly_returns", returns: weeklyReturns, expected: 0.52242061386048144, periodsPerYear: 12),
        ])
    func calmar(vector: Vector) {
        expectMatch(
            ReturnStatistics.calmarRatio(vector.returns, periodsPerYear: vector.periodsPerYear), vector.expected)
    }

    /// `threshold` is the risk-free return here.
    @Test(
        "Sharpe ratio (test_sharpe_ratio)",
        arguments: [
            Vector(name: "empty_returns → nan", returns: [], expected: nil),
            Vector(name: "one_return → nan", returns: oneReturn, expected: nil),
            // risk_free = mixed_returns: the excess returns are all 0.
            Vector(
                name: "mixed_returns less mixed_returns → nan", returns: Array(repeating: 0, count: 8), expected: nil),
            Vector(name: "mixed_returns", returns: mixedReturns, expected: 1.7238613961706866),
            // risk_free = simple_benchmark, a series: subtracted date by date before the call.
            Vector(
                name: "mixed_returns, risk_free simple_benchmark",
                returns: zip(mixedReturns, simpleBenchmark.dropFirst()).map { $0 - $1 }, expected: 0.34111411441060574),
            Vector(name: "positive_returns", returns: positiveReturns, expected: 52.915026221291804),
            Vector(name: "negative_returns", returns: negativeReturns, expected: -24.406808633910085),
            Vector(name: "flat_line_1 → inf", returns: flatLine1, expected: nil),
        ])
    func sharpe(vector: Vector) {
        expectMatch(ReturnStatistics.sharpeRatio(vector.returns, riskFree: vector.threshold), vector.expected)
    }

    /// `threshold` is the required return here.
    @Test(
        "downside risk (test_downside_risk)",
        arguments: [
            Vector(name: "empty_returns → nan", returns: [], expected: nil),
            Vector(name: "one_return", returns: oneReturn, expected: 0.0),
            Vector(name: "mixed_returns less mixed_returns", returns: Array(repeating: 0, count: 8), expected: 0.0),
            Vector(name: "mixed_returns", returns: mixedReturns, expected: 0.60448325038829653),
            Vector(name: "mixed_returns, 0.1", returns: mixedReturns, expected: 1.7161730681956295, threshold: 0.1),
            Vector(name: "weekly_returns", returns: weeklyReturns, expected: 0.25888650451930134, periodsPerYear: 52),
            Vector(
                name: "weekly_returns, 0.1", returns: weeklyReturns, expected: 0.7733045971672482, periodsPerYear: 52,
                threshold: 0.1),
            Vector(name: "monthly_returns", returns: weeklyReturns, expected: 0.1243650540411842, periodsPerYear: 12),
            Vector(
                name: "monthly_returns, 0.1", returns: weeklyReturns, expected: 0.37148351242013422,
                periodsPerYear: 12, threshold: 0.1),
            Vector(name: "df_simple one", returns: one, expected: 0.20671788246185202),
            Vector(name: "df_simple two", returns: two, expected: 0.083495680595704475),
            Vector(name: "df_week one", returns: one, expected: 0.093902996054410062, periodsPerYear: 52),
            Vector(name: "df_week two", returns: two, expected: 0.037928477556776516, periodsPerYear: 52),
            Vector(name: "df_month one", returns: one, expected: 0.045109540184877193, periodsPerYear: 12),
            Vector(name: "df_month two", returns: two, expected: 0.018220251263412916, periodsPerYear: 12),
        ])
    func downsideRisk(vector: Vector) {
        expectMatch(
            ReturnStatistics.downsideRisk(
                vector.returns, minimumAcceptableReturn: vector.threshold, periodsPerYear: vector.periodsPerYear),
            vector.expected)
    }

    /// `threshold` is the required return here.
    @Test(
        "Sortino ratio (test_sortino)",
        arguments: [
            Vector(name: "empty_returns → nan", returns: [], expected: nil),
            Vector(name: "one_return → nan", returns: oneReturn, expected: nil),
            Vector(
                name: "mixed_returns less mixed_returns → nan", returns: Array(repeating: 0, count: 8), expected: nil),
            Vector(name: "mixed_returns", returns: mixedReturns, expected: 2.605531251673693),
            // required_return = flat_line_1, 0.01 on every date.
            Vector(
                name: "mixed_returns, flat_line_1", returns: mixedReturns, expected: -1.3934779588919977,
                threshold: 0.01),
            Vector(name: "positive_returns → inf", returns: positiveReturns, expected: nil),
            Vector(name: "negative_returns", returns: negativeReturns, expected: -13.532743075043401),
            Vector(name: "simple_benchmark → inf", returns: simpleBenchmark, expected: nil),
            Vector(name: "weekly_returns", returns: weeklyReturns, expected: 1.1158901056866439, periodsPerYear: 52),
            Vector(name: "monthly_returns", returns: weeklyReturns, expected: 0.53605626741889756, periodsPerYear: 12),
            Vector(name: "df_simple one", returns: one, expected: 3.0639640966566306),
            Vector(name: "df_simple two", returns: two, expected: 38.090963117002495),
            Vector(name: "df_week one", returns: one, expected: 1.3918264112070571, periodsPerYear: 52),
            Vector(name: "df_week two", returns: two, expected: 17.303077589064618, periodsPerYear: 52),
            Vector(name: "df_month one", returns: one, expected: 0.6686117809312383, periodsPerYear: 12),
            Vector(name: "df_month two", returns: two, expected: 8.3121296084492844, periodsPerYear: 12),
        ])
    func sortino(vector: Vector) {
        expectMatch(
            ReturnStatistics.sortinoRatio(
                vector.returns, minimumAcceptableReturn: vector.threshold, periodsPerYear: vector.periodsPerYear),
            vector.expected)
    }

    @Test("total return (test_cum_returns_final, published to 4 decimals)")
    func totalReturn() {
        #expect(ReturnStatistics.totalReturn([]) == nil)
        expectMatch(ReturnStatistics.totalReturn(Self.oneReturn), 0.01)
        expectMatch(ReturnStatistics.totalReturn(Self.mixedReturns), 0.03893, tolerance: 5e-5)
        expectMatch(ReturnStatistics.totalReturn(Self.negativeReturns), -0.36590, tolerance: 5e-5)
    }

    @Test("the wealth path from 100 is empyrical's cum_returns with starting value 100 (test_cum_returns)")
    func wealthPath() {
        let expected = [100.0, 101.0, 111.1, 106.65599, 108.78912, 112.05279, 114.29384, 115.43678, 103.89310]
        let path = Drawdown.wealthPath(returns: Self.mixedReturns, base: 100)
        #expect(path.count == expected.count)
        for (actual, published) in zip(path, expected) {
            // Published to 4 decimals (assert_almost_equal(…, 4)).
            #expect(abs(actual - published) < 1.5e-4)
        }
    }

    // MARK: Value at risk

    @Test("value at risk interpolates like np.percentile (test_value_at_risk)")
    func valueAtRisk() {
        expectMatch(ReturnStatistics.valueAtRisk([1.0, 2.0], cutoff: 0.0), 1.0)
        expectMatch(ReturnStatistics.valueAtRisk([1.0, 2.0], cutoff: 0.3), 1.3)
        expectMatch(ReturnStatistics.valueAtRisk([1.0, 2.0], cutoff: 1.0), 2.0)
        let returns = [1.0, 81, 82, 83, 84, 85]
        expectMatch(ReturnStatistics.valueAtRisk(returns, cutoff: 0.1), 41)
        expectMatch(ReturnStatistics.valueAtRisk(returns, cutoff: 0.2), 81)
        expectMatch(ReturnStatistics.valueAtRisk(returns, cutoff: 0.3), 81.5)
        #expect(ReturnStatistics.valueAtRisk([]) == nil)
    }

    @Test("conditional value at risk is the mean at or below the VaR (test_conditional_value_at_risk)")
    func conditionalValueAtRisk() throws {
        // "A single-valued array will always just have a CVaR of its only value."
        expectMatch(ReturnStatistics.conditionalValueAtRisk([0.0123], cutoff: 0), 0.0123)
        expectMatch(ReturnStatistics.conditionalValueAtRisk([0.0123], cutoff: 1), 0.0123)
        // 21 distinct returns (empyrical draws them at random; these are fixed): at each cutoff the
        // CVaR equals the mean of the returns at or below the VaR.
        let returns = Self.one + Self.two + [0.0123, -0.0211, 0.0045, -0.0078, 0.0302]
        #expect(returns.count == 21)
        for cutoff in [0, 0.0499, 0.05, 0.20, 0.999, 1] {
            let valueAtRisk = try #require(ReturnStatistics.valueAtRisk(returns, cutoff: cutoff))
            let tail = returns.filter { $0 <= valueAtRisk }
            expectMatch(
                ReturnStatistics.conditionalValueAtRisk(returns, cutoff: cutoff),
                tail.reduce(0, +) / Double(tail.count))
        }
    }

    // MARK: Against a benchmark

    @Test("excess Sharpe is the un-annualised information ratio (test_excess_sharpe)")
    func excessSharpe() {
        let zeros = Array(repeating: 0.0, count: Self.mixedReturns.count)
        let flat = Array(Self.flatLine1.dropFirst())
        expectMatch(ReturnStatistics.excessSharpe(Self.mixedReturns, benchmark: zeros), 0.10859306069076737)
        expectMatch(ReturnStatistics.excessSharpe(Self.mixedReturns, benchmark: flat), -0.06515583641446039)
        #expect(ReturnStatistics.excessSharpe(Self.oneReturn, benchmark: [0]) == nil)
        // pos_line against itself: the active returns are all 0.
        #expect(ReturnStatistics.excessSharpe(Self.mixedReturns, benchmark: Self.mixedReturns) == nil)
        // Our information ratio is the same figure times √252.
        expectMatch(
            ReturnStatistics.informationRatio(Self.mixedReturns, benchmark: flat),
            -0.06515583641446039 * 252.0.squareRoot())
        // Tracking error against a constant benchmark is the volatility (test_annual_volatility).
        expectMatch(ReturnStatistics.trackingError(Self.mixedReturns, benchmark: flat), 0.9136465399704637)
    }

    @Test("alpha and beta (test_alpha_beta)")
    func alphaBeta() {
        let benchmark = Array(Self.negativeReturns.dropFirst())
        // mixed_returns against negative_returns[1:]: (-0.9997853834885004, -0.71296296296296313).
        expectMatch(ReturnStatistics.alpha(Self.mixedReturns, benchmark: benchmark), -0.9997853834885004)
        expectMatch(ReturnStatistics.beta(Self.mixedReturns, benchmark: benchmark), -0.71296296296296313)
        // mixed_returns against itself: (0, 1); against its negation: (0, −1).
        let negated = Self.mixedReturns.map { -$0 }
        expectMatch(ReturnStatistics.alpha(Self.mixedReturns, benchmark: Self.mixedReturns), 0)
        expectMatch(ReturnStatistics.beta(Self.mixedReturns, benchmark: Self.mixedReturns), 1)
        expectMatch(ReturnStatistics.alpha(Self.mixedReturns, benchmark: negated), 0)
        expectMatch(ReturnStatistics.beta(Self.mixedReturns, benchmark: negated), -1)
        // one_return against one_return, and empty_returns: (nan, nan).
        #expect(ReturnStatistics.alpha(Self.oneReturn, benchmark: Self.oneReturn) == nil)
        #expect(ReturnStatistics.beta(Self.oneReturn, benchmark: Self.oneReturn) == nil)
        #expect(ReturnStatistics.beta([], benchmark: []) == nil)
    }

    @Test("beta scales with the returns and flips with the benchmark (test_beta, on a fixed series)")
    func betaScaling() {
        // test_beta uses random noise: (noise, noise) → 1, (2·noise, noise) → 2, (noise, −noise) → −1,
        // (2·noise, −noise) → −2. The same rules on df_simple's `one`:
        let doubled = Self.one.map { 2 * $0 }
        let inverted = Self.one.map { -$0 }
        expectMatch(ReturnStatistics.beta(Self.one, benchmark: Self.one), 1)
        expectMatch(ReturnStatistics.beta(doubled, benchmark: Self.one), 2)
        expectMatch(ReturnStatistics.beta(Self.one, benchmark: inverted), -1)
        expectMatch(ReturnStatistics.beta(doubled, benchmark: inverted), -2)
    }

    @Test("alignment by date drops the benchmark's extra date and keeps empyrical's alpha and beta")
    func alignedAlphaBeta() throws {
        // mixed_returns without its NaN date (2000-01-30) against all of negative_returns: the join
        // leaves negative_returns[1:], so test_alpha_beta's figures hold.
        let aligned = try BenchmarkRelativeMetrics.AlignedReturns(
            dates: Array(Self.days.dropFirst()), returns: Self.mixedReturns, benchmarkDates: Self.days,
            benchmarkReturns: Self.negativeReturns)
        #expect(aligned.dates == Array(Self.days.dropFirst()))
        let metrics = BenchmarkRelativeMetrics(aligned: aligned)
        expectMatch(metrics.alpha, -0.9997853834885004)
        expectMatch(metrics.beta, -0.71296296296296313)
        #expect(metrics.nAlignedReturns == 8)
    }

    @Test("RiskMetrics on the wealth paths of mixed_returns and negative_returns reproduces empyrical's figures")
    func aggregateOnMixedReturns() throws {
        // Values from 100 on 2000-01-30 (the NaN date becomes the base date), one per later day.
        let values = Drawdown.wealthPath(returns: Self.mixedReturns, base: 100)
        let benchmarkValues = Drawdown.wealthPath(returns: Array(Self.negativeReturns.dropFirst()), base: 100)
        let metrics = try RiskMetrics.compute(
            dates: Self.days, values: values, benchmarkDates: Self.days, benchmarkValues: benchmarkValues)

        #expect(metrics.nReturns == 8)
        expectMatch(metrics.annualVolatility, 0.9136465399704637)
        expectMatch(metrics.sharpeRatio, 1.7238613961706866)
        expectMatch(metrics.sortinoRatio, 2.605531251673693)
        expectMatch(metrics.downsideRisk, 0.60448325038829653)
        expectMatch(metrics.maxDrawdown, -0.1)
        // The path peaks at 115.43678 on 2000-02-06 and falls 10 % on 2000-02-07, unrecovered.
        #expect(metrics.maxDrawdownPeakDate == "2000-02-06")
        #expect(metrics.maxDrawdownTroughDate == "2000-02-07")
        #expect(metrics.maxDrawdownRecoveryDate == nil)
        expectMatch(metrics.totalReturn, 0.03893, tolerance: 5e-5)
        expectMatch(metrics.benchmark?.alpha, -0.9997853834885004)
        expectMatch(metrics.benchmark?.beta, -0.71296296296296313)
    }
}

extension RiskMetricsEmpyricalTests {
    /// Checks `actual` against a published figure: both `nil` (empyrical's NaN or inf), or within
    /// `tolerance`, relative above magnitude 1.
    private func expectMatch(
        _ actual: Double?, _ expected: Double?, tolerance: Double = 1e-8,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let expected else {
            #expect(actual == nil, sourceLocation: sourceLocation)
            return
        }
        guard let actual else {
            Issue.record("expected \(expected), got nil", sourceLocation: sourceLocation)
            return
        }
        #expect(
            abs(actual - expected) <= tolerance * max(1, abs(expected)), "\(actual) is not \(expected)",
            sourceLocation: sourceLocation)
    }
}
