/// An index's value and its holdings as weights, drifting with prices between rebalances.
public struct IndexPortfolio: Sendable, Hashable {
    /// The index level; the base value at the base date's close.
    public private(set) var value: Double
    /// The weights as prices have moved them since the last rebalance, aligned with the symbols.
    public private(set) var weights: [Double]
    /// The weights set at the last rebalance.
    public private(set) var targetWeights: [Double]

    /// A portfolio invested at `weights` (finite, at least 0, summing to 1).
    /// - Throws: `EngineError.invalidWeights` for bad weights, `.invalidParameters` for a base value that
    ///   is not a positive number.
    public init(baseValue: Double = 100, weights: [Double]) throws(EngineError) {
        guard baseValue > 0, baseValue.isFinite else {
            throw .invalidParameters("base value \(baseValue) must be a positive number")
        }
        try Self.validate(weights)
        value = baseValue
        self.weights = weights
        targetWeights = weights
    }

    /// Moves the portfolio through one trading day: `V_t = V_{t−1}·(1 + Σ w_{i,t−1}·r_{i,t})`, and each
    /// weight drifts to `w_i·(1 + r_i) / (1 + Σ w·r)`. A missing return counts as 0 (the holding keeps
    /// its value).
    /// - Parameter returns: the day's returns, aligned with the weights.
    /// - Returns: the portfolio's return for the day.
    /// - Throws: `EngineError.invalidReturns` when the returns are misaligned, not finite or below −100 %.
    @discardableResult
    public mutating func advance(returns: [Double?]) throws(EngineError) -> Double {
        guard returns.count == weights.count else {
            throw .invalidReturns("\(returns.count) returns for \(weights.count) weights")
        }
        var portfolioReturn = 0.0
        for (weight, assetReturn) in zip(weights, returns) {
            guard let assetReturn else { continue }
            guard assetReturn.isFinite, assetReturn >= -1 else {
                throw .invalidReturns("a return of \(assetReturn) is not a finite number of at least -1")
            }
            portfolioReturn += weight * assetReturn
        }
        let growth = 1 + portfolioReturn
        value *= growth
        if growth > 0 {
            for index in weights.indices {
                weights[index] = weights[index] * (1 + (returns[index] ?? 0)) / growth
            }
        }
        return portfolioReturn
    }

    /// Sets new target weights at a close.
    /// - Parameter weights: finite, at least 0, summing to 1, aligned with the current weights.
    /// - Returns: the one-way turnover `½·Σ|new − drifted|`.
    /// - Throws: `EngineError.invalidWeights`; the portfolio is unchanged.
    @discardableResult
    public mutating func rebalance(to weights: [Double]) throws(EngineError) -> Double {
        guard weights.count == self.weights.count else {
            throw .invalidWeights("\(weights.count) weights for a portfolio of \(self.weights.count)")
        }
        try Self.validate(weights)
        let turnover = zip(weights, self.weights).reduce(0.0) { $0 + abs($1.0 - $1.1) } / 2
        self.weights = weights
        targetWeights = weights
        return turnover
    }

    private static func validate(_ weights: [Double]) throws(EngineError) {
        guard !weights.isEmpty else { throw .invalidWeights("there are none") }
        guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw .invalidWeights("each weight must be a finite number at least 0")
        }
        let total = weights.reduce(0, +)
        guard abs(total - 1) <= 1e-9 else { throw .invalidWeights("they sum to \(total), not 1") }
    }
}
