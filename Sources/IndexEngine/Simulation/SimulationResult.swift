/// What an investment simulation produced: a summary, the value at every index date and the cash flows.
public struct SimulationResult: Sendable, Hashable, Codable {
    /// The first index date on or after the requested start: the day of the initial investment.
    public var startDate: String
    /// The last index date valued: on or before the requested end, or the last index date.
    public var endDate: String
    /// The investor's currency, upper case.
    public var currency: String
    /// The amount plus every contribution, in the investor's currency.
    public var totalInvested: Double
    /// The holding's value at `endDate`, converted at that date's rate.
    public var finalValue: Double
    /// `finalValue - totalInvested`.
    public var profit: Double
    /// `finalValue / totalInvested - 1`, as a decimal (0.05 is 5 %); with contributions it is neither
    /// time- nor money-weighted.
    public var simpleReturn: Double
    /// The index's own return in USD over the period, `V_end / V_start - 1`; the gap to `simpleReturn` of
    /// a lump sum is the currency's effect.
    public var indexReturn: Double
    /// The value at every index date from `startDate` to `endDate`, ascending.
    public var points: [SimulationPoint]
    /// The initial investment, then each contribution, ascending.
    public var cashFlows: [SimulationCashFlow]

    /// A result from its parts.
    public init(
        startDate: String, endDate: String, currency: String, totalInvested: Double, finalValue: Double,
        profit: Double, simpleReturn: Double, indexReturn: Double, points: [SimulationPoint],
        cashFlows: [SimulationCashFlow]
    ) {
        self.startDate = startDate
        self.endDate = endDate
        self.currency = currency
        self.totalInvested = totalInvested
        self.finalValue = finalValue
        self.profit = profit
        self.simpleReturn = simpleReturn
        self.indexReturn = indexReturn
        self.points = points
        self.cashFlows = cashFlows
    }

    enum CodingKeys: String, CodingKey {
        case startDate = "start_date"
        case endDate = "end_date"
        case currency
        case totalInvested = "total_invested"
        case finalValue = "final_value"
        case profit
        case simpleReturn = "simple_return"
        case indexReturn = "index_return"
        case points
        case cashFlows = "cash_flows"
    }
}
