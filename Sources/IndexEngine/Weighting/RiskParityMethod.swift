/// How the risk-parity sleeve turns risk into weights.
public enum RiskParityMethod: String, Sendable, Hashable, CaseIterable {
    /// Weights proportional to 1/σ of each asset's daily returns.
    case inverseVolatility = "inverse_volatility"
    /// Long-only weights whose risk contributions `w_i·(Σw)_i` are all equal.
    case equalRiskContribution = "equal_risk_contribution"
}
