/// The index value at a close.
public struct IndexPoint: Sendable, Hashable {
    /// The close.
    public var date: TradingDate
    /// The index level (base 100).
    public var value: Double
    /// The day's return; nil on the base date.
    public var dailyReturn: Double?

    /// A point from its parts.
    public init(date: TradingDate, value: Double, dailyReturn: Double?) {
        self.date = date
        self.value = value
        self.dailyReturn = dailyReturn
    }
}
