/// The investment's value at one index date, in the investor's currency.
public struct SimulationPoint: Sendable, Hashable, Codable {
    /// The index date, `YYYY-MM-DD`.
    public var date: String
    /// `units · indexValue · fxRate`: the holding in the investor's currency at this date's rate.
    public var value: Double
    /// The money put in so far, in the investor's currency: the amount plus the contributions up to this date.
    public var invested: Double
    /// The index value at this date.
    public var indexValue: Double
    /// Units of the investor's currency per 1 USD at this date, the rate `value` was converted at.
    public var fxRate: Double

    /// A point from its parts.
    public init(date: String, value: Double, invested: Double, indexValue: Double, fxRate: Double) {
        self.date = date
        self.value = value
        self.invested = invested
        self.indexValue = indexValue
        self.fxRate = fxRate
    }

    enum CodingKeys: String, CodingKey {
        case date, value, invested
        case indexValue = "index_value"
        case fxRate = "fx_rate"
    }
}
