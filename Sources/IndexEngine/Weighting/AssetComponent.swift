/// One included asset's inputs, sleeve weights and final weight in a decision.
public struct AssetComponent: Sendable, Hashable {
    /// The asset.
    public var symbol: String
    /// `close[t] / close[t − N] − 1`, when the decision uses momentum.
    public var momentum: Double?
    /// Annualised volatility of the daily returns in the lookback (sample std · √252), when used.
    public var volatility: Double?
    /// The asset's weight within each sleeve, before blending; nil when the sleeve is not part of the
    /// decision.
    public var momentumWeight: Double?
    /// The asset's market-cap-sleeve weight (0 without a cap when others have one).
    public var marketCapWeight: Double?
    /// The asset's risk-parity-sleeve weight.
    public var riskParityWeight: Double?
    /// The final weight.
    public var weight: Double

    /// A component from its parts.
    public init(
        symbol: String, momentum: Double? = nil, volatility: Double? = nil, momentumWeight: Double? = nil,
        marketCapWeight: Double? = nil, riskParityWeight: Double? = nil, weight: Double
    ) {
        self.symbol = symbol
        self.momentum = momentum
        self.volatility = volatility
        self.momentumWeight = momentumWeight
        self.marketCapWeight = marketCapWeight
        self.riskParityWeight = riskParityWeight
        self.weight = weight
    }
}
