/// An index's figures against a benchmark, over the dates on which both have a daily return.
///
/// A ratio that is undefined (fewer than two aligned returns, a constant benchmark, constant
/// active returns) is `nil` and is encoded as JSON `null`.
public struct BenchmarkRelativeMetrics: Sendable, Hashable, Codable {
    /// `cov(e_p, e_b) / var(e_b)`, with `e = r − rf_d`.
    public var beta: Double?
    /// The Pearson correlation of the daily returns.
    public var correlation: Double?
    /// Jensen's alpha compounded to a year: `(1 + mean(e_p − β · e_b))^252 − 1`.
    public var alpha: Double?
    /// `std(r_p − r_b, ddof = 1) · √252`.
    public var trackingError: Double?
    /// `mean(r_p − r_b) / std(r_p − r_b, ddof = 1) · √252`. empyrical's `excess_sharpe` is the
    /// same ratio without the `√252`.
    public var informationRatio: Double?
    /// The number of dates on which both series have a return.
    public var nAlignedReturns: Int

    /// Creates the figures from their parts.
    ///
    /// - Parameters:
    ///   - beta: Beta.
    ///   - correlation: The correlation.
    ///   - alpha: The annual alpha.
    ///   - trackingError: The annualised tracking error.
    ///   - informationRatio: The annualised information ratio.
    ///   - nAlignedReturns: The number of aligned returns.
    public init(
        beta: Double?, correlation: Double?, alpha: Double?, trackingError: Double?,
        informationRatio: Double?, nAlignedReturns: Int
    ) {
        self.beta = beta
        self.correlation = correlation
        self.alpha = alpha
        self.trackingError = trackingError
        self.informationRatio = informationRatio
        self.nAlignedReturns = nAlignedReturns
    }

    /// Computes the figures from two return series that are already aligned by date.
    ///
    /// - Parameters:
    ///   - aligned: The returns on the shared dates.
    ///   - riskFree: The risk-free return per period (daily for daily returns).
    ///   - periodsPerYear: Periods in a year; 252 for daily.
    public init(
        aligned: AlignedReturns, riskFree: Double = 0,
        periodsPerYear: Double = ReturnStatistics.tradingDaysPerYear
    ) {
        let returns = aligned.returns
        let benchmark = aligned.benchmarkReturns
        self.init(
            beta: ReturnStatistics.beta(returns, benchmark: benchmark),
            correlation: ReturnStatistics.correlation(returns, benchmark: benchmark),
            alpha: ReturnStatistics.alpha(
                returns, benchmark: benchmark, riskFree: riskFree, periodsPerYear: periodsPerYear),
            trackingError: ReturnStatistics.trackingError(
                returns, benchmark: benchmark, periodsPerYear: periodsPerYear),
            informationRatio: ReturnStatistics.informationRatio(
                returns, benchmark: benchmark, periodsPerYear: periodsPerYear),
            nAlignedReturns: aligned.dates.count
        )
    }

    enum CodingKeys: String, CodingKey {
        case beta
        case correlation
        case alpha
        case trackingError = "tracking_error"
        case informationRatio = "information_ratio"
        case nAlignedReturns = "n_aligned_returns"
    }

    /// Encodes every key, writing `null` for a missing figure.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: Whatever the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(beta, forKey: .beta)
        try container.encode(correlation, forKey: .correlation)
        try container.encode(alpha, forKey: .alpha)
        try container.encode(trackingError, forKey: .trackingError)
        try container.encode(informationRatio, forKey: .informationRatio)
        try container.encode(nAlignedReturns, forKey: .nAlignedReturns)
    }
}
