/// How target weights are computed at a close.
public enum WeightingMethod: Sendable, Hashable {
    /// 1/n over the eligible assets.
    case equal
    /// Weights proportional to positive `days`-row momentum; assets below `threshold` are excluded; equal
    /// over the remaining assets when none has positive momentum.
    case momentum(days: Int, threshold: Double?)
    /// Weights proportional to 1/σ over the last `lookback` daily returns.
    case inverseVolatility(lookback: Int)
    /// Equal risk contributions under the sample covariance of the last `lookback` daily returns.
    case equalRiskContribution(lookback: Int)
    /// The blended strategy of the index.
    case blend(StrategyParameters)
}
