/// An asset of the universe left out of a decision, and why.
public struct AssetExclusion: Sendable, Hashable {
    /// The asset.
    public var symbol: String
    /// E.g. `no close on 2001-09-10`.
    public var reason: String

    /// An exclusion from its parts.
    public init(symbol: String, reason: String) {
        self.symbol = symbol
        self.reason = reason
    }
}
