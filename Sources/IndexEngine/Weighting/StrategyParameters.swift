/// The blended strategy: sleeve weights (each at least 0, summing to 1), the momentum and risk-parity
/// settings, and optional per-asset weight bounds.
public struct StrategyParameters: Sendable, Hashable {
    /// The momentum sleeve's configured weight.
    public var momentumWeight: Double
    /// The market-cap sleeve's configured weight.
    public var marketCapWeight: Double
    /// The risk-parity sleeve's configured weight.
    public var riskParityWeight: Double
    /// Trading rows in the momentum return `close[t] / close[t − momentumDays] − 1`.
    public var momentumDays: Int
    /// Assets whose momentum is below it get no momentum-sleeve weight; nil keeps every asset.
    public var momentumThreshold: Double?
    /// How the risk-parity sleeve weighs risk.
    public var riskParityMethod: RiskParityMethod
    /// Daily returns (up to and including the decision day) in the volatility and covariance estimates.
    public var volatilityLookback: Int
    /// Each held asset gets at least this weight, when feasible.
    public var minWeight: Double?
    /// No asset gets more than this weight, when feasible.
    public var maxWeight: Double?

    /// Parameters from their parts; `WeightEngine.decide` validates them.
    public init(
        momentumWeight: Double, marketCapWeight: Double, riskParityWeight: Double, momentumDays: Int,
        momentumThreshold: Double? = nil, riskParityMethod: RiskParityMethod = .inverseVolatility,
        volatilityLookback: Int, minWeight: Double? = nil, maxWeight: Double? = nil
    ) {
        self.momentumWeight = momentumWeight
        self.marketCapWeight = marketCapWeight
        self.riskParityWeight = riskParityWeight
        self.momentumDays = momentumDays
        self.momentumThreshold = momentumThreshold
        self.riskParityMethod = riskParityMethod
        self.volatilityLookback = volatilityLookback
        self.minWeight = minWeight
        self.maxWeight = maxWeight
    }

    /// The configured weight of `sleeve`.
    public func configuredWeight(of sleeve: StrategySleeve) -> Double {
        switch sleeve {
        case .momentum: return momentumWeight
        case .marketCap: return marketCapWeight
        case .riskParity: return riskParityWeight
        }
    }
}
