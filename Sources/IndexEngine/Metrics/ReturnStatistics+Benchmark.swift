import Foundation

extension ReturnStatistics {
    /// Benchmark variances below this count as zero, as in empyrical's `beta_aligned`.
    static let negligibleVariance = 1.0e-30

    /// Beta of the returns against a benchmark: `cov(e_p, e_b) / var(e_b)`, where `e = r − rf`.
    ///
    /// A constant risk-free rate shifts both series equally and leaves beta unchanged, so this
    /// takes none. The ratio is the same with sample or population moments.
    ///
    /// - Parameters:
    ///   - returns: Simple returns, aligned with `benchmark` (same dates, same order).
    ///   - benchmark: The benchmark's simple returns.
    /// - Returns: Beta, or `nil` when the lengths differ, there are fewer than two pairs, or the
    ///   benchmark's variance is below 1e-30 (empyrical answers NaN in each case).
    public static func beta(_ returns: [Double], benchmark: [Double]) -> Double? {
        guard returns.count == benchmark.count, returns.count > 1 else { return nil }
        let benchmarkMean = mean(benchmark)
        let residuals = benchmark.map { $0 - benchmarkMean }
        let variance = mean(residuals.map { $0 * $0 })
        guard variance >= negligibleVariance else { return nil }
        let covariance = mean(zip(residuals, returns).map { $0 * $1 })
        return finite(covariance / variance)
    }

    /// Jensen's alpha, annualised by compounding (empyrical-reloaded's `alpha`):
    /// `(1 + mean(e_p − β · e_b))^periodsPerYear − 1`, where `e = r − rf`.
    ///
    /// - Parameters:
    ///   - returns: Simple returns, aligned with `benchmark`.
    ///   - benchmark: The benchmark's simple returns.
    ///   - riskFree: The risk-free return per period (daily for daily returns).
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: Alpha, or `nil` wherever ``beta(_:benchmark:)`` is `nil`.
    public static func alpha(
        _ returns: [Double], benchmark: [Double], riskFree: Double = 0,
        periodsPerYear: Double = tradingDaysPerYear
    ) -> Double? {
        guard let beta = beta(returns, benchmark: benchmark) else { return nil }
        let residuals = zip(returns, benchmark).map { ($0 - riskFree) - beta * ($1 - riskFree) }
        return finite(pow(1 + mean(residuals), periodsPerYear) - 1)
    }

    /// The Pearson correlation of two aligned return series.
    ///
    /// - Parameters:
    ///   - returns: Simple returns, aligned with `benchmark`.
    ///   - benchmark: The benchmark's simple returns.
    /// - Returns: The correlation, or `nil` when the lengths differ, there are fewer than two pairs,
    ///   or either series is constant.
    public static func correlation(_ returns: [Double], benchmark: [Double]) -> Double? {
        guard returns.count == benchmark.count,
            let returnsDeviation = sampleStandardDeviation(returns), returnsDeviation > 0,
            let benchmarkDeviation = sampleStandardDeviation(benchmark), benchmarkDeviation > 0
        else { return nil }
        let returnsMean = mean(returns)
        let benchmarkMean = mean(benchmark)
        let products = zip(returns, benchmark).reduce(0) { $0 + ($1.0 - returnsMean) * ($1.1 - benchmarkMean) }
        let covariance = products / Double(returns.count - 1)
        return finite(Swift.max(-1, Swift.min(1, covariance / (returnsDeviation * benchmarkDeviation))))
    }

    /// The annualised tracking error: `std(r_p − r_b, ddof = 1) · √periodsPerYear`.
    ///
    /// - Parameters:
    ///   - returns: Simple returns, aligned with `benchmark`.
    ///   - benchmark: The benchmark's simple returns.
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: The tracking error, or `nil` when the lengths differ or there are fewer than two pairs.
    public static func trackingError(
        _ returns: [Double], benchmark: [Double], periodsPerYear: Double = tradingDaysPerYear
    ) -> Double? {
        guard returns.count == benchmark.count else { return nil }
        return annualVolatility(zip(returns, benchmark).map { $0 - $1 }, periodsPerYear: periodsPerYear)
    }

    /// empyrical's `excess_sharpe`, which is not annualised: `mean(r_p − r_b) / std(r_p − r_b, ddof = 1)`.
    ///
    /// - Parameters:
    ///   - returns: Simple returns, aligned with `benchmark`.
    ///   - benchmark: The benchmark's simple returns.
    /// - Returns: The ratio, or `nil` when the lengths differ, there are fewer than two pairs, or the
    ///   active returns are constant.
    public static func excessSharpe(_ returns: [Double], benchmark: [Double]) -> Double? {
        guard returns.count == benchmark.count else { return nil }
        let active = zip(returns, benchmark).map { $0 - $1 }
        guard let deviation = sampleStandardDeviation(active), deviation > 0 else { return nil }
        return finite(mean(active) / deviation)
    }

    /// The annualised information ratio: `mean(r_p − r_b) / std(r_p − r_b, ddof = 1) · √periodsPerYear`.
    ///
    /// This is empyrical's `excess_sharpe` times `√periodsPerYear`; empyrical's figure is not annualised.
    ///
    /// - Parameters:
    ///   - returns: Simple returns, aligned with `benchmark`.
    ///   - benchmark: The benchmark's simple returns.
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: The ratio, or `nil` wherever ``excessSharpe(_:benchmark:)`` is `nil`.
    public static func informationRatio(
        _ returns: [Double], benchmark: [Double], periodsPerYear: Double = tradingDaysPerYear
    ) -> Double? {
        guard let ratio = excessSharpe(returns, benchmark: benchmark) else { return nil }
        return finite(ratio * periodsPerYear.squareRoot())
    }
}
