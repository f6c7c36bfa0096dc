/// What a backtest produced.
public struct BacktestResult: Sendable, Hashable {
    /// The index value at every close from start to end inclusive; the first is the base value 100.
    public var series: [IndexPoint]
    /// Every rebalance, starting with the base allocation at the start date.
    public var rebalances: [BacktestRebalance]
    /// Scheduled rebalances that could not be decided.
    public var skipped: [SkippedRebalance]

    /// A result from its parts.
    public init(series: [IndexPoint], rebalances: [BacktestRebalance], skipped: [SkippedRebalance]) {
        self.series = series
        self.rebalances = rebalances
        self.skipped = skipped
    }
}
