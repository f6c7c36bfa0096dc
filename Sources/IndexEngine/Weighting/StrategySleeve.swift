/// A sleeve of the blended strategy; the raw value is its name in events.
public enum StrategySleeve: String, Sendable, Hashable, CaseIterable {
    /// Weights by positive N-day momentum.
    case momentum = "momentum"
    /// Weights by market capitalisation.
    case marketCap = "market_cap"
    /// Weights by inverse volatility or equal risk contribution.
    case riskParity = "risk_parity"
}
