/// The risk and return figures of an index's value series.
///
/// Every figure is a decimal, never per cent (`-0.25` is a 25 % fall). Losses are negative, as in
/// empyrical. A figure that is undefined for the series (too few returns, a zero deviation, no
/// drawdown for Calmar) is `nil` and is encoded as JSON `null`, never NaN or infinity. Build one
/// with ``compute(dates:values:benchmarkDates:benchmarkValues:annualRiskFreeRate:)``.
public struct RiskMetrics: Sendable, Hashable, Codable {
    /// `V_end / V_0 − 1`.
    public var totalReturn: Double
    /// `(V_end / V_0)^(252 / n) − 1`, with n the number of daily returns; `nil` if it overflows.
    public var cagr: Double?
    /// `std(r, ddof = 1) · √252`; `nil` with fewer than two returns.
    public var annualVolatility: Double?
    /// `mean(r − rf_d) / std(r − rf_d, ddof = 1) · √252`; `nil` with fewer than two returns or a
    /// zero deviation.
    public var sharpeRatio: Double?
    /// `mean(r − rf_d) · 252 / downsideRisk`; `nil` with fewer than two returns or no return below
    /// the daily risk-free rate.
    public var sortinoRatio: Double?
    /// `sqrt(mean(min(r − rf_d, 0)²)) · √252`, over all returns.
    public var downsideRisk: Double
    /// The deepest fall below a running peak, base value included: zero or negative.
    public var maxDrawdown: Double
    /// The date of the peak before the deepest fall; `nil` when the index never fell.
    public var maxDrawdownPeakDate: String?
    /// The date of the deepest point; `nil` when the index never fell.
    public var maxDrawdownTroughDate: String?
    /// The first date after the trough back at or above the peak; `nil` when not recovered.
    public var maxDrawdownRecoveryDate: String?
    /// `V_end / max(V) − 1`: zero or negative.
    public var currentDrawdown: Double
    /// `cagr / |maxDrawdown|`; `nil` when the maximum drawdown is zero or the CAGR is `nil`.
    public var calmarRatio: Double?
    /// The historical 95 % value at risk: the 5th percentile of the daily returns, interpolated linearly.
    public var var95: Double
    /// The historical 99 % value at risk: the 1st percentile of the daily returns, interpolated linearly.
    public var var99: Double
    /// The historical 95 % conditional value at risk, by empyrical's rule.
    public var cvar95: Double
    /// The number of daily returns, one less than the number of values.
    public var nReturns: Int
    /// The base date, the date of the first value (which has no return of its own).
    public var startDate: String
    /// The date of the last value.
    public var endDate: String
    /// The figures against the benchmark; `nil` when no benchmark was given.
    public var benchmark: BenchmarkRelativeMetrics?

    /// Creates a report from its figures; most callers use
    /// ``compute(dates:values:benchmarkDates:benchmarkValues:annualRiskFreeRate:)``.
    ///
    /// - Parameters:
    ///   - totalReturn: `V_end / V_0 − 1`.
    ///   - cagr: The compound annual growth rate.
    ///   - annualVolatility: The annualised volatility.
    ///   - sharpeRatio: The annualised Sharpe ratio.
    ///   - sortinoRatio: The Sortino ratio.
    ///   - downsideRisk: The annualised downside deviation.
    ///   - maxDrawdown: The maximum drawdown, zero or negative.
    ///   - maxDrawdownPeakDate: The date of its peak.
    ///   - maxDrawdownTroughDate: The date of its trough.
    ///   - maxDrawdownRecoveryDate: The date of its recovery.
    ///   - currentDrawdown: The drawdown of the last value.
    ///   - calmarRatio: The Calmar ratio.
    ///   - var95: The 95 % value at risk.
    ///   - var99: The 99 % value at risk.
    ///   - cvar95: The 95 % conditional value at risk.
    ///   - nReturns: The number of daily returns.
    ///   - startDate: The base date.
    ///   - endDate: The last date.
    ///   - benchmark: The figures against the benchmark.
    public init(
        totalReturn: Double, cagr: Double?, annualVolatility: Double?, sharpeRatio: Double?,
        sortinoRatio: Double?, downsideRisk: Double, maxDrawdown: Double, maxDrawdownPeakDate: String?,
        maxDrawdownTroughDate: String?, maxDrawdownRecoveryDate: String?, currentDrawdown: Double,
        calmarRatio: Double?, var95: Double, var99: Double, cvar95: Double, nReturns: Int, startDate: String,
        endDate: String, benchmark: BenchmarkRelativeMetrics?
    ) {
        self.totalReturn = totalReturn
        self.cagr = cagr
        self.annualVolatility = annualVolatility
        self.sharpeRatio = sharpeRatio
        self.sortinoRatio = sortinoRatio
        self.downsideRisk = downsideRisk
        self.maxDrawdown = maxDrawdown
        self.maxDrawdownPeakDate = maxDrawdownPeakDate
        self.maxDrawdownTroughDate = maxDrawdownTroughDate
        self.maxDrawdownRecoveryDate = maxDrawdownRecoveryDate
        self.currentDrawdown = currentDrawdown
        self.calmarRatio = calmarRatio
        self.var95 = var95
        self.var99 = var99
        self.cvar95 = cvar95
        self.nReturns = nReturns
        self.startDate = startDate
        self.endDate = endDate
        self.benchmark = benchmark
    }

    enum CodingKeys: String, CodingKey {
        case totalReturn = "total_return"
        case cagr
        case annualVolatility = "annual_volatility"
        case sharpeRatio = "sharpe_ratio"
        case sortinoRatio = "sortino_ratio"
        case downsideRisk = "downside_risk"
        case maxDrawdown = "max_drawdown"
        case maxDrawdownPeakDate = "max_drawdown_peak_date"
        case maxDrawdownTroughDate = "max_drawdown_trough_date"
        case maxDrawdownRecoveryDate = "max_drawdown_recovery_date"
        case currentDrawdown = "current_drawdown"
        case calmarRatio = "calmar_ratio"
        case var95 = "var_95"
        case var99 = "var_99"
        case cvar95 = "cvar_95"
        case nReturns = "n_returns"
        case startDate = "start_date"
        case endDate = "end_date"
        case benchmark
    }

    /// Encodes every key, writing `null` for a missing figure so that the JSON shape never changes.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(totalReturn, forKey: .totalReturn)
        try container.encode(cagr, forKey: .cagr)
        try container.encode(annualVolatility, forKey: .annualVolatility)
        try container.encode(sharpeRatio, forKey: .sharpeRatio)
        try container.encode(sortinoRatio, forKey: .sortinoRatio)
        try container.encode(downsideRisk, forKey: .downsideRisk)
        try container.encode(maxDrawdown, forKey: .maxDrawdown)
        try container.encode(maxDrawdownPeakDate, forKey: .maxDrawdownPeakDate)
        try container.encode(maxDrawdownTroughDate, forKey: .maxDrawdownTroughDate)
        try container.encode(maxDrawdownRecoveryDate, forKey: .maxDrawdownRecoveryDate)
        try container.encode(currentDrawdown, forKey: .currentDrawdown)
        try container.encode(calmarRatio, forKey: .calmarRatio)
        try container.encode(var95, forKey: .var95)
        try container.encode(var99, forKey: .var99)
        try container.encode(cvar95, forKey: .cvar95)
        try container.encode(nReturns, forKey: .nReturns)
        try container.encode(startDate, forKey: .startDate)
        try container.encode(endDate, forKey: .endDate)
        try container.encode(benchmark, forKey: .benchmark)
    }
}
