import Foundation

/// Risk and return statistics over periodic simple returns, following empyrical-reloaded.
///
/// Returns are decimals (`0.01` is one per cent), never per cent. Functions that annualise take
/// `periodsPerYear`, which is 252 for daily returns. Every standard deviation is the sample one
/// (ddof = 1). A statistic that is undefined for its input (no returns, too few returns, a zero
/// denominator, an overflow) is `nil`, never NaN or infinity, because results are served as JSON.
///
/// Where empyrical answers NaN or ±infinity, these functions answer `nil`. Inputs are assumed to
/// contain no NaN. Empyrical skips NaN with its nan-aware means; here a caller drops them first.
public enum ReturnStatistics {
    /// Trading days in a year, the annualisation factor for daily returns.
    public static let tradingDaysPerYear = 252.0

    /// Converts an annual rate into the per-period rate that compounds to it.
    ///
    /// - Parameters:
    ///   - annualRate: The annual rate as a decimal, for example `0.04`.
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: `(1 + annualRate)^(1 / periodsPerYear) − 1`.
    public static func periodRate(fromAnnual annualRate: Double, periodsPerYear: Double = tradingDaysPerYear)
        -> Double
    {
        pow(1 + annualRate, 1 / periodsPerYear) - 1
    }

    /// The simple returns of a value path: `value[i] / value[i − 1] − 1`.
    ///
    /// - Parameter values: A value path, including its base value.
    /// - Returns: One return per value after the first; empty when there are fewer than two values.
    public static func simpleReturns(values: [Double]) -> [Double] {
        guard values.count > 1 else { return [] }
        return (1..<values.count).map { values[$0] / values[$0 - 1] - 1 }
    }

    /// The compounded return of the whole series: `Π(1 + r) − 1` (empyrical's `cum_returns_final`).
    ///
    /// - Parameter returns: Simple returns.
    /// - Returns: The total return, or `nil` when there are no returns.
    public static func totalReturn(_ returns: [Double]) -> Double? {
        guard !returns.isEmpty else { return nil }
        return finite(growth(returns) - 1)
    }

    /// The compound annual growth rate (empyrical's `annual_return` and `cagr`).
    ///
    /// Computed as `(Π(1 + r))^(periodsPerYear / n) − 1`, where n counts the returns.
    ///
    /// - Parameters:
    ///   - returns: Simple returns.
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: The CAGR, or `nil` when there are no returns or it overflows.
    public static func cagr(_ returns: [Double], periodsPerYear: Double = tradingDaysPerYear) -> Double? {
        annualisedGrowth(growth(returns), periods: returns.count, periodsPerYear: periodsPerYear)
    }

    /// The annualised volatility: `std(r, ddof = 1) · √periodsPerYear`.
    ///
    /// - Parameters:
    ///   - returns: Simple returns.
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: The volatility, or `nil` with fewer than two returns.
    public static func annualVolatility(_ returns: [Double], periodsPerYear: Double = tradingDaysPerYear) -> Double? {
        guard let deviation = sampleStandardDeviation(returns) else { return nil }
        return finite(deviation * periodsPerYear.squareRoot())
    }

    /// The annualised Sharpe ratio: `mean(r − rf) / std(r − rf, ddof = 1) · √periodsPerYear`.
    ///
    /// - Parameters:
    ///   - returns: Simple returns.
    ///   - riskFree: The risk-free return per period (daily for daily returns); see
    ///     ``periodRate(fromAnnual:periodsPerYear:)``.
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: The ratio, or `nil` with fewer than two returns or a zero deviation (where empyrical
    ///   answers NaN or infinity).
    public static func sharpeRatio(
        _ returns: [Double], riskFree: Double = 0, periodsPerYear: Double = tradingDaysPerYear
    ) -> Double? {
        let excess = returns.map { $0 - riskFree }
        guard let deviation = sampleStandardDeviation(excess), deviation > 0 else { return nil }
        return finite(mean(excess) / deviation * periodsPerYear.squareRoot())
    }

    /// The annualised downside deviation below a minimum acceptable return (empyrical's `downside_risk`).
    ///
    /// Computed as `sqrt(mean(min(r − mar, 0)²)) · √periodsPerYear`, averaging over all observations,
    /// not only the ones below `mar`.
    ///
    /// - Parameters:
    ///   - returns: Simple returns.
    ///   - minimumAcceptableReturn: The threshold per period; the daily risk-free return in ``RiskMetrics``.
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: The downside risk, or `nil` when there are no returns.
    public static func downsideRisk(
        _ returns: [Double], minimumAcceptableReturn: Double = 0, periodsPerYear: Double = tradingDaysPerYear
    ) -> Double? {
        guard !returns.isEmpty else { return nil }
        let shortfalls = returns.map { Swift.min($0 - minimumAcceptableReturn, 0) }
        return finite(mean(shortfalls.map { $0 * $0 }).squareRoot() * periodsPerYear.squareRoot())
    }

    /// The Sortino ratio (empyrical's `sortino_ratio`):
    /// `mean(r − mar) · periodsPerYear / downsideRisk(r, mar)`.
    ///
    /// - Parameters:
    ///   - returns: Simple returns.
    ///   - minimumAcceptableReturn: The threshold per period; the daily risk-free return in ``RiskMetrics``.
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: The ratio, or `nil` with fewer than two returns or no return below the threshold
    ///   (where empyrical answers NaN or infinity).
    public static func sortinoRatio(
        _ returns: [Double], minimumAcceptableReturn: Double = 0, periodsPerYear: Double = tradingDaysPerYear
    ) -> Double? {
        guard returns.count > 1,
            let downside = downsideRisk(
                returns, minimumAcceptableReturn: minimumAcceptableReturn, periodsPerYear: periodsPerYear),
            downside > 0
        else { return nil }
        let meanExcess = mean(returns.map { $0 - minimumAcceptableReturn })
        return finite(meanExcess * periodsPerYear / downside)
    }

    /// The maximum drawdown of the wealth path of the returns, base value included (empyrical's
    /// `max_drawdown`), so a first-period loss counts as a drawdown.
    ///
    /// - Parameter returns: Simple returns.
    /// - Returns: The deepest drawdown as a decimal that is zero or negative, or `nil` when there
    ///   are no returns.
    public static func maxDrawdown(_ returns: [Double]) -> Double? {
        guard !returns.isEmpty else { return nil }
        return Drawdown.series(Drawdown.wealthPath(returns: returns)).min()
    }

    /// The Calmar ratio: `cagr / |maxDrawdown|` (empyrical's `calmar_ratio`).
    ///
    /// - Parameters:
    ///   - returns: Simple returns.
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    /// - Returns: The ratio, or `nil` when there are no returns or the maximum drawdown is zero
    ///   (empyrical answers NaN there).
    public static func calmarRatio(_ returns: [Double], periodsPerYear: Double = tradingDaysPerYear) -> Double? {
        guard let drawdown = maxDrawdown(returns), drawdown < 0,
            let growthRate = cagr(returns, periodsPerYear: periodsPerYear)
        else { return nil }
        return finite(growthRate / -drawdown)
    }
}

extension ReturnStatistics {
    /// The arithmetic mean; 0 for an empty array (callers guard emptiness).
    static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        return values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (ddof = 1), exactly 0 when all values are equal, and `nil`
    /// with fewer than two values.
    static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        guard values.count > 1 else { return nil }
        // Equal values have no spread; two-pass rounding would otherwise leave a residue near 1e-18.
        if let first = values.first, values.allSatisfy({ $0 == first }) { return 0 }
        let center = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - center) * ($1 - center) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// `Π(1 + r)`: the value of one unit after the returns.
    static func growth(_ returns: [Double]) -> Double {
        returns.reduce(1) { $0 * (1 + $1) }
    }

    /// `growth^(periodsPerYear / periods) − 1`, or `nil` without periods or when not finite.
    static func annualisedGrowth(_ growth: Double, periods: Int, periodsPerYear: Double) -> Double? {
        guard periods > 0 else { return nil }
        return finite(pow(growth, periodsPerYear / Double(periods)) - 1)
    }

    /// The value itself when finite, else `nil`.
    static func finite(_ value: Double) -> Double? {
        value.isFinite ? value : nil
    }
}
