/// An investment to simulate: an amount in a currency put into the index at a start date, optionally with
/// a monthly contribution, valued up to an end date.
public struct SimulationRequest: Sendable, Hashable, Codable {
    /// The amount invested at the start, in `currency`; positive and finite.
    public var amount: Double
    /// The ISO 4217 code of the investor's currency, in any case (`EUR`, `usd`).
    public var currency: String
    /// The day to invest, `YYYY-MM-DD`; the investment starts on the first index date on or after it.
    public var startDate: String
    /// The last day to value, `YYYY-MM-DD`, clipped to the last index date on or before it; nil for the last
    /// index date.
    public var endDate: String?
    /// An amount in `currency` invested on the first index date of each calendar month after the start's;
    /// positive and finite when set.
    public var monthlyContribution: Double?

    /// A request from its parts.
    public init(
        amount: Double, currency: String, startDate: String, endDate: String? = nil,
        monthlyContribution: Double? = nil
    ) {
        self.amount = amount
        self.currency = currency
        self.startDate = startDate
        self.endDate = endDate
        self.monthlyContribution = monthlyContribution
    }

    enum CodingKeys: String, CodingKey {
        case amount, currency
        case startDate = "start_date"
        case endDate = "end_date"
        case monthlyContribution = "monthly_contribution"
    }
}
