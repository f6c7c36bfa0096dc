/// A rebalance of a backtest: the decision at a close and the turnover it caused.
public struct BacktestRebalance: Sendable, Hashable {
    /// The close at which the weights were decided; they apply from the next trading day.
    public var date: TradingDate
    /// The weights decided, with their inputs.
    public var decision: WeightDecision
    /// The new weights of the backtest's assets, sorted by symbol.
    public var weights: [SymbolWeight]
    /// One-way turnover `½·Σ|new − drifted|`; 1 for the base allocation (bought from cash).
    public var turnover: Double

    /// A rebalance from its parts.
    public init(date: TradingDate, decision: WeightDecision, weights: [SymbolWeight], turnover: Double) {
        self.date = date
        self.decision = decision
        self.weights = weights
        self.turnover = turnover
    }
}
