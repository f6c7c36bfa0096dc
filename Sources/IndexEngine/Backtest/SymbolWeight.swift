/// One asset's weight in an allocation.
public struct SymbolWeight: Sendable, Hashable {
    /// The asset.
    public var symbol: String
    /// A decimal; an allocation's weights sum to 1.
    public var weight: Double

    /// A weight from its parts.
    public init(symbol: String, weight: Double) {
        self.symbol = symbol
        self.weight = weight
    }
}
