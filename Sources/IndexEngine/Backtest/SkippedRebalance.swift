/// A scheduled rebalance that could not be decided (no eligible asset, or no sleeve of a blend); the
/// portfolio kept drifting with its previous weights.
public struct SkippedRebalance: Sendable, Hashable {
    /// The close at which the rebalance was due.
    public var date: TradingDate
    /// The error's description.
    public var reason: String

    /// A skipped rebalance from its parts.
    public init(date: TradingDate, reason: String) {
        self.date = date
        self.reason = reason
    }
}
