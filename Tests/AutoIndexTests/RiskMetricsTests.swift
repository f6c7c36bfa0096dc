import Foundation
import IndexEngine
import Testing

/// Figures worked by hand in the comments. The numbers with many digits are the closed forms in
/// the comments, evaluated once in Python, not output of the code under test.
@Suite("Risk metrics, worked by hand")
struct RiskMetricsTests {
    /// A base value and five trading days. Daily returns: −2 %, +1 %, +3 %, −4 %, +5 %.
    ///
    ///     2024-03-01  100            (base, no return)
    ///     2024-03-04   98            −0.02
    ///     2024-03-05   98.98         +0.01
    ///     2024-03-06  101.9494       +0.03   new high
    ///     2024-03-07   97.871424     −0.04   trough
    ///     2024-03-08  102.7649952    +0.05   back above 101.9494
    static let dates = ["2024-03-01", "2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08"]
    static let values = [100, 98, 98.98, 101.9494, 97.871424, 102.7649952]

    /// The benchmark has no row for 2024-03-06 and an extra one for 2024-03-11. Its returns over
    /// its own dates: 03-04 −1 %, 03-05 +2 %, 03-07 −3 % (over two days, from 03-05),
    /// 03-08 +4 %, 03-11 +1 %.
    static let benchmarkDates = ["2024-03-01", "2024-03-04", "2024-03-05", "2024-03-07", "2024-03-08", "2024-03-11"]
    static let benchmarkValues = [200, 198, 201.96, 195.9012, 203.737248, 205.77462048]

    @Test("a five-day index: total return, CAGR, volatility, Sharpe, downside risk and Sortino")
    func fiveDayFigures() throws {
        let metrics = try RiskMetrics.compute(dates: Self.dates, values: Self.values, annualRiskFreeRate: 0)

        // 0.98 · 1.01 · 1.03 · 0.96 · 1.05 = 1.027649952.
        #expect(isClose(metrics.totalReturn, 0.027649952))
        // n = 5 returns: CAGR = 1.027649952^(252/5) − 1 = 1.027649952^50.4 − 1 = 2.95365160761…
        #expect(isClose(metrics.cagr, 2.9536516076139687))
        #expect(isClose(metrics.cagr, pow(1.027649952, 50.4) - 1))
        // mean = 0.03 / 5 = 0.006. Deviations −0.026, 0.004, 0.024, −0.046, 0.044; squares sum to
        // 0.00532; sample variance 0.00532 / 4 = 0.00133. Volatility = √0.00133 · √252 = 0.57893004…
        #expect(isClose(metrics.annualVolatility, 0.00133.squareRoot() * 252.0.squareRoot()))
        #expect(isClose(metrics.annualVolatility, 0.5789300475877894))
        // Sharpe = 0.006 / √0.00133 · √252 = 2.61171450…
        #expect(isClose(metrics.sharpeRatio, 2.611714500396042))
        // Shortfalls below 0: −0.02 and −0.04. Mean of squares over all five: 0.002 / 5 = 0.0004,
        // root 0.02. Downside risk = 0.02 · √252 = 0.31749016…
        #expect(isClose(metrics.downsideRisk, 0.02 * 252.0.squareRoot()))
        // Sortino = 0.006 · 252 / (0.02 · √252) = 0.3 · √252 = 4.76235236…
        #expect(isClose(metrics.sortinoRatio, 0.3 * 252.0.squareRoot()))
        #expect(metrics.nReturns == 5)
        #expect(metrics.startDate == "2024-03-01")
        #expect(metrics.endDate == "2024-03-08")
        #expect(metrics.benchmark == nil)
    }

    @Test("max drawdown runs from the last high before the trough to the trough and recovers on the first day back")
    func maxDrawdownWithDates() throws {
        let metrics = try RiskMetrics.compute(dates: Self.dates, values: Self.values)

        // Running highs: 100, 100, 100, 101.9494, 101.9494, 102.7649952. Drawdowns: 0, −0.02,
        // −0.0102, 0, −0.04, 0. The deepest is 97.871424 / 101.9494 − 1 = −0.04 on 03-07, from the
        // high of 03-06; 03-08 (102.76…) is the first day back at or above 101.9494.
        #expect(isClose(metrics.maxDrawdown, -0.04))
        #expect(metrics.maxDrawdownPeakDate == "2024-03-06")
        #expect(metrics.maxDrawdownTroughDate == "2024-03-07")
        #expect(metrics.maxDrawdownRecoveryDate == "2024-03-08")
        // The last value is the highest one.
        #expect(metrics.currentDrawdown == 0)
        // Calmar = CAGR / 0.04 = 2.95365160761… / 0.04 = 73.8412901903…
        #expect(isClose(metrics.calmarRatio, 73.84129019034921))
    }

    @Test("VaR interpolates between the lowest returns and CVaR averages up to the cutoff index")
    func valueAtRiskByHand() throws {
        let metrics = try RiskMetrics.compute(dates: Self.dates, values: Self.values)
        let returns = [-0.02, 0.01, 0.03, -0.04, 0.05]

        // Sorted: −0.04, −0.02, 0.01, 0.03, 0.05. h = (5 − 1) · 0.05 = 0.2, so
        // VaR = −0.04 + 0.2 · (−0.02 − (−0.04)) = −0.036.
        #expect(isClose(metrics.var95, -0.036))
        // At 99 %: h = 4 · 0.01 = 0.04, VaR = −0.04 + 0.04 · 0.02 = −0.0392.
        #expect(isClose(metrics.var99, -0.0392))
        // Cutoff index ⌊0.2⌋ = 0: CVaR is the mean of the lowest return alone, −0.04.
        #expect(isClose(metrics.cvar95, -0.04))
        // At 25 %: h = 1.0, VaR = −0.02 exactly; CVaR index 1, mean(−0.04, −0.02) = −0.03.
        #expect(isClose(ReturnStatistics.valueAtRisk(returns, cutoff: 0.25), -0.02))
        #expect(isClose(ReturnStatistics.conditionalValueAtRisk(returns, cutoff: 0.25), -0.03))
        // At 60 %: h = 2.4, VaR = 0.01 + 0.4 · (0.03 − 0.01) = 0.018.
        #expect(isClose(ReturnStatistics.valueAtRisk(returns, cutoff: 0.6), 0.018))
    }

    @Test("a loss on the first day is a drawdown from the base value")
    func firstDayLoss() throws {
        let metrics = try RiskMetrics.compute(
            dates: ["2024-03-01", "2024-03-04", "2024-03-05"], values: [100, 80, 90])

        // 80 / 100 − 1 = −0.2, from the base date; never back to 100.
        #expect(isClose(metrics.maxDrawdown, -0.2))
        #expect(metrics.maxDrawdownPeakDate == "2024-03-01")
        #expect(metrics.maxDrawdownTroughDate == "2024-03-04")
        #expect(metrics.maxDrawdownRecoveryDate == nil)
        // 90 / 100 − 1.
        #expect(isClose(metrics.currentDrawdown, -0.1))
        // Two returns: CAGR = 0.9^(252/2) − 1 = 0.9^126 − 1.
        #expect(isClose(metrics.cagr, pow(0.9, 126) - 1))
    }

    @Test("the peak is the latest of equal highs before the trough")
    func equalHighs() {
        // Highs of 110 on 03-02 and 03-04; the fall to 88 starts from the second.
        let drawdown = Drawdown.maximum(
            dates: ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04", "2024-03-05", "2024-03-06"],
            values: [100, 110, 105, 110, 88, 110])
        #expect(
            drawdown
                == MaxDrawdown(
                    value: 88.0 / 110 - 1, peakDate: "2024-03-04", troughDate: "2024-03-05",
                    recoveryDate: "2024-03-06"))
    }

    @Test("the annual risk-free rate becomes a daily rate by compounding")
    func riskFreeCompounds() throws {
        // 4 % a year: the daily rate compounds back to 4 % over 252 days, and is below 0.04 / 252.
        let daily = ReturnStatistics.periodRate(fromAnnual: 0.04)
        #expect(isClose(pow(1 + daily, 252), 1.04, tolerance: 1e-12))
        #expect(daily < 0.04 / 252)

        // With rf = 1.01^252 − 1 a year, the daily rate is 0.01, so excess returns are
        // −0.03, 0, 0.02, −0.05, 0.04 (mean −0.004, same sample variance 0.00133).
        let metrics = try RiskMetrics.compute(
            dates: Self.dates, values: Self.values, annualRiskFreeRate: pow(1.01, 252) - 1)
        // Sharpe = −0.004 / √0.00133 · √252 = −1.74114300…
        #expect(isClose(metrics.sharpeRatio, -1.741143000264028))
        // Shortfalls below 0.01: −0.03, −0.05; (0.0009 + 0.0025) / 5 = 0.00068.
        // Downside risk = √0.00068 · √252 = 0.41395651…
        #expect(isClose(metrics.downsideRisk, 0.00068.squareRoot() * 252.0.squareRoot()))
        // Sortino = −0.004 · 252 / 0.41395651… = −2.43503834…
        #expect(isClose(metrics.sortinoRatio, -2.435038349740283))
        // Volatility, drawdown and VaR do not depend on the risk-free rate.
        #expect(isClose(metrics.annualVolatility, 0.5789300475877894))
        #expect(isClose(metrics.var95, -0.036))
    }

    @Test("the benchmark is joined by date: its extra date and the date it lacks drop out")
    func benchmarkJoin() throws {
        let metrics = try RiskMetrics.compute(
            dates: Self.dates, values: Self.values, benchmarkDates: Self.benchmarkDates,
            benchmarkValues: Self.benchmarkValues)
        let benchmark = try #require(metrics.benchmark)

        // Shared return dates: 03-04, 03-05, 03-07, 03-08 (the index's 03-06 and the benchmark's
        // 03-11 drop out). Index p = −0.02, 0.01, −0.04, 0.05 (mean 0);
        // benchmark b = −0.01, 0.02, −0.03, 0.04 (mean 0.005).
        let aligned = try BenchmarkRelativeMetrics.AlignedReturns(
            dates: Array(Self.dates.dropFirst()), returns: [-0.02, 0.01, 0.03, -0.04, 0.05],
            benchmarkDates: Array(Self.benchmarkDates.dropFirst()), benchmarkReturns: [-0.01, 0.02, -0.03, 0.04, 0.01])
        #expect(aligned.dates == ["2024-03-04", "2024-03-05", "2024-03-07", "2024-03-08"])
        #expect(aligned.returns == [-0.02, 0.01, -0.04, 0.05])
        #expect(aligned.benchmarkReturns == [-0.01, 0.02, -0.03, 0.04])
        #expect(benchmark.nAlignedReturns == 4)

        // b − mean: −0.015, 0.015, −0.035, 0.035. Σ p·(b − b̄) = 0.0003 + 0.00015 + 0.0014 + 0.00175
        // = 0.0036; Σ (b − b̄)² = 0.0029. Beta = 36 / 29.
        #expect(isClose(benchmark.beta, 36.0 / 29))
        // Σ (p − p̄)² = 0.0046, so correlation = 0.0036 / √(0.0046 · 0.0029) = 36 / √1334.
        #expect(isClose(benchmark.correlation, 36 / 1334.0.squareRoot()))
        // Alpha = (1 + mean(p) − β · mean(b))^252 − 1 = (1 − 0.005 · 36 / 29)^252 − 1.
        #expect(isClose(benchmark.alpha, pow(1 - 0.005 * 36 / 29, 252) - 1))
        #expect(isClose(benchmark.alpha, -0.7917492366935261))
        // Active returns p − b: −0.01, −0.01, −0.01, 0.01; mean −0.005; squared deviations sum to
        // 0.0003, sample std √(0.0003 / 3) = 0.01. Tracking error = 0.01 · √252 = 0.15874507…
        #expect(isClose(benchmark.trackingError, 0.01 * 252.0.squareRoot()))
        // Information ratio = −0.005 / 0.01 · √252 = −0.5 · √252 = −7.93725393…
        #expect(isClose(benchmark.informationRatio, -0.5 * 252.0.squareRoot()))
    }

    @Test("the risk-free rate moves alpha but not beta")
    func riskFreeAndAlpha() throws {
        let metrics = try RiskMetrics.compute(
            dates: Self.dates, values: Self.values, benchmarkDates: Self.benchmarkDates,
            benchmarkValues: Self.benchmarkValues, annualRiskFreeRate: pow(1.01, 252) - 1)
        let benchmark = try #require(metrics.benchmark)

        #expect(isClose(benchmark.beta, 36.0 / 29))
        // rf_d = 0.01: mean(e_p − β · e_b) = (0 − 0.01) − 36/29 · (0.005 − 0.01) = −0.0037931…
        // Alpha = (1 − 0.0037931…)^252 − 1 = −0.61621758…
        #expect(isClose(benchmark.alpha, -0.6162175825079229))
        // Tracking error and information ratio use raw returns.
        #expect(isClose(benchmark.informationRatio, -0.5 * 252.0.squareRoot()))
    }

    @Test("a benchmark sharing fewer than two return dates gives nil ratios and its count")
    func benchmarkWithoutOverlap() throws {
        let metrics = try RiskMetrics.compute(
            dates: Self.dates, values: Self.values, benchmarkDates: ["2024-03-07", "2024-03-08"],
            benchmarkValues: [50, 51])
        #expect(
            metrics.benchmark
                == BenchmarkRelativeMetrics(
                    beta: nil, correlation: nil, alpha: nil, trackingError: nil, informationRatio: nil,
                    nAlignedReturns: 1))
    }

    @Test("a flat index has zero volatility and drawdown, and nil ratios")
    func flatIndex() throws {
        let metrics = try RiskMetrics.compute(
            dates: ["2024-03-01", "2024-03-04", "2024-03-05"], values: [100, 100, 100])
        #expect(metrics.totalReturn == 0)
        #expect(metrics.cagr == 0)
        #expect(metrics.annualVolatility == 0)
        #expect(metrics.sharpeRatio == nil)
        #expect(metrics.sortinoRatio == nil)
        #expect(metrics.downsideRisk == 0)
        #expect(metrics.maxDrawdown == 0)
        #expect(metrics.maxDrawdownPeakDate == nil)
        #expect(metrics.maxDrawdownTroughDate == nil)
        #expect(metrics.maxDrawdownRecoveryDate == nil)
        #expect(metrics.calmarRatio == nil)
        #expect(metrics.var95 == 0)
        #expect(metrics.cvar95 == 0)
    }

    @Test("two values make one return: figures needing two returns are nil")
    func oneReturn() throws {
        let metrics = try RiskMetrics.compute(dates: ["2024-03-01", "2024-03-04"], values: [100, 101])
        #expect(metrics.nReturns == 1)
        #expect(isClose(metrics.totalReturn, 0.01))
        // 1.01^252 − 1, the figure empyrical's test_cagr gives for one_return.
        #expect(isClose(metrics.cagr, 11.274002099240244))
        #expect(metrics.annualVolatility == nil)
        #expect(metrics.sharpeRatio == nil)
        #expect(metrics.sortinoRatio == nil)
        #expect(metrics.downsideRisk == 0)
        #expect(metrics.maxDrawdown == 0)
        #expect(metrics.calmarRatio == nil)
        #expect(isClose(metrics.var95, 0.01))
        #expect(isClose(metrics.cvar95, 0.01))
    }

    @Test(
        "invalid input throws a typed error that names the problem",
        arguments: [
            (
                RiskMetricsTests.Call(dates: ["2024-03-01"], values: [100]),
                RiskMetrics.InputError.tooFewValues(count: 1),
                "risk metrics need at least 2 values, found 1"
            ),
            (
                RiskMetricsTests.Call(dates: ["2024-03-01"], values: [100, 101]),
                .lengthMismatch(.portfolio, dates: 1, values: 2),
                "the portfolio series has 1 dates but 2 values"
            ),
            (
                RiskMetricsTests.Call(dates: ["2024-03-04", "2024-03-04"], values: [100, 101]),
                .datesNotIncreasing(.portfolio, previous: "2024-03-04", next: "2024-03-04"),
                "the portfolio dates must increase strictly: 2024-03-04 follows 2024-03-04"
            ),
            (
                RiskMetricsTests.Call(dates: ["2024-03-01", "2024-03-04"], values: [100, 0]),
                .invalidValue(.portfolio, date: "2024-03-04", value: 0),
                "the portfolio value on 2024-03-04 is invalid: 0.0"
            ),
            (
                RiskMetricsTests.Call(
                    dates: ["2024-03-01", "2024-03-04"], values: [100, 101], benchmarkDates: ["2024-03-01"]),
                .incompleteBenchmark,
                "a benchmark needs both dates and values"
            ),
            (
                RiskMetricsTests.Call(
                    dates: ["2024-03-01", "2024-03-04"], values: [100, 101],
                    benchmarkDates: ["2024-03-04", "2024-03-01"], benchmarkValues: [1, 2]),
                .datesNotIncreasing(.benchmark, previous: "2024-03-04", next: "2024-03-01"),
                "the benchmark dates must increase strictly: 2024-03-01 follows 2024-03-04"
            ),
            (
                RiskMetricsTests.Call(
                    dates: ["2024-03-01", "2024-03-04"], values: [100, 101],
                    benchmarkDates: ["2024-03-01", "2024-03-04"], benchmarkValues: [1, -2]),
                .invalidValue(.benchmark, date: "2024-03-04", value: -2),
                "the benchmark value on 2024-03-04 is invalid: -2.0"
            ),
            (
                RiskMetricsTests.Call(dates: ["2024-03-01", "2024-03-04"], values: [100, 101], riskFree: -1),
                .invalidRiskFreeRate(-1),
                "the annual risk-free rate must be finite and above -1, found -1.0"
            ),
        ])
    func invalidInput(call: Call, error: RiskMetrics.InputError, message: String) {
        #expect(throws: error) {
            try RiskMetrics.compute(
                dates: call.dates, values: call.values, benchmarkDates: call.benchmarkDates,
                benchmarkValues: call.benchmarkValues, annualRiskFreeRate: call.riskFree)
        }
        #expect(error.description == message)
    }

    @Test("JSON has the snake_case keys, writes null for undefined figures and decodes back")
    func json() throws {
        let metrics = try RiskMetrics.compute(
            dates: ["2024-03-01", "2024-03-04", "2024-03-05"], values: [100, 100, 100],
            benchmarkDates: ["2024-03-01", "2024-03-04", "2024-03-05"], benchmarkValues: [10, 11, 12])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(metrics)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])

        #expect(
            Set(object.keys) == [
                "total_return", "cagr", "annual_volatility", "sharpe_ratio", "sortino_ratio", "downside_risk",
                "max_drawdown", "max_drawdown_peak_date", "max_drawdown_trough_date", "max_drawdown_recovery_date",
                "current_drawdown", "calmar_ratio", "var_95", "var_99", "cvar_95", "n_returns", "start_date",
                "end_date",
                "benchmark",
            ])
        let benchmark = try #require(object["benchmark"] as? [String: Any])
        #expect(
            Set(benchmark.keys) == [
                "beta", "correlation", "alpha", "tracking_error", "information_ratio", "n_aligned_returns",
            ])
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains(#""sharpe_ratio":null"#))
        #expect(text.contains(#""max_drawdown_peak_date":null"#))
        // The index is flat, so its correlation with a moving benchmark is undefined.
        #expect(text.contains(#""correlation":null"#))
        #expect(text.contains(#""n_returns":2"#))
        #expect(try JSONDecoder().decode(RiskMetrics.self, from: data) == metrics)
    }
}

extension RiskMetricsTests {
    /// The arguments of one `RiskMetrics.compute` call.
    struct Call: Sendable {
        var dates: [String]
        var values: [Double]
        var benchmarkDates: [String]?
        var benchmarkValues: [Double]?
        var riskFree = 0.0
    }

    /// Within `tolerance` of the expected value, relative above magnitude 1.
    private func isClose(_ actual: Double?, _ expected: Double, tolerance: Double = 1e-8) -> Bool {
        guard let actual else { return false }
        return abs(actual - expected) <= tolerance * max(1, abs(expected))
    }
}
