/// Money put into the index on one date: the initial amount or a monthly contribution.
public struct SimulationCashFlow: Sendable, Hashable, Codable {
    /// The index date of the purchase, `YYYY-MM-DD`.
    public var date: String
    /// The amount in the investor's currency.
    public var amount: Double
    /// Units of the investor's currency per 1 USD on `date`: the rate the amount was converted at.
    public var fxRate: Double
    /// `amount / fxRate`: the USD bought into the index.
    public var usdAmount: Double
    /// The index value on `date`, the price of one unit.
    public var indexValue: Double
    /// `usdAmount / indexValue`: the index units bought.
    public var units: Double

    /// A cash flow from its parts.
    public init(date: String, amount: Double, fxRate: Double, usdAmount: Double, indexValue: Double, units: Double) {
        self.date = date
        self.amount = amount
        self.fxRate = fxRate
        self.usdAmount = usdAmount
        self.indexValue = indexValue
        self.units = units
    }

    enum CodingKeys: String, CodingKey {
        case date, amount
        case fxRate = "fx_rate"
        case usdAmount = "usd_amount"
        case indexValue = "index_value"
        case units
    }
}
