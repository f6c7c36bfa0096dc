/// An asset's momentum at a decision.
public struct MomentumScore: Sendable, Hashable {
    /// The asset.
    public var symbol: String
    /// `close[t] / close[t − N] − 1`.
    public var momentum: Double

    /// A score from its parts.
    public init(symbol: String, momentum: Double) {
        self.symbol = symbol
        self.momentum = momentum
    }
}
