/// A TwelveData subscription tier: how many API credits it allows per minute and per day.
///
/// A `/time_series` request costs one credit per symbol. Figures as published on twelvedata.com/pricing; for a tier
/// not listed here (an Ultra or Enterprise size, say) create one with ``init(name:creditsPerMinute:creditsPerDay:)``.
public struct TwelveDataPlan: Sendable, Hashable, CustomStringConvertible {
    /// The tier's name, e.g. `Grow 55`.
    public var name: String
    /// API credits per minute; TwelveData resets them at each minute.
    public var creditsPerMinute: Int
    /// API credits per day (UTC); nil when the tier has no daily limit.
    public var creditsPerDay: Int?

    /// Creates a tier.
    /// - Parameters:
    ///   - name: The tier's name.
    ///   - creditsPerMinute: API credits per minute, at least 1.
    ///   - creditsPerDay: API credits per day, or nil for no daily limit.
    public init(name: String, creditsPerMinute: Int, creditsPerDay: Int?) {
        self.name = name
        self.creditsPerMinute = max(1, creditsPerMinute)
        self.creditsPerDay = creditsPerDay
    }

    /// Basic, the free tier: 8 credits a minute, 800 a day.
    public static let basic = TwelveDataPlan(name: "Basic", creditsPerMinute: 8, creditsPerDay: 800)
    /// Grow 55: 55 credits a minute, no daily limit.
    public static let grow55 = TwelveDataPlan(name: "Grow 55", creditsPerMinute: 55, creditsPerDay: nil)
    /// Grow 144: 144 credits a minute, no daily limit.
    public static let grow144 = TwelveDataPlan(name: "Grow 144", creditsPerMinute: 144, creditsPerDay: nil)
    /// Grow 377: 377 credits a minute, no daily limit.
    public static let grow377 = TwelveDataPlan(name: "Grow 377", creditsPerMinute: 377, creditsPerDay: nil)
    /// Pro 610: 610 credits a minute, no daily limit.
    public static let pro610 = TwelveDataPlan(name: "Pro 610", creditsPerMinute: 610, creditsPerDay: nil)
    /// Pro 987: 987 credits a minute, no daily limit.
    public static let pro987 = TwelveDataPlan(name: "Pro 987", creditsPerMinute: 987, creditsPerDay: nil)
    /// Pro 1597: 1,597 credits a minute, no daily limit.
    public static let pro1597 = TwelveDataPlan(name: "Pro 1597", creditsPerMinute: 1597, creditsPerDay: nil)
    /// Ultra 2584: 2,584 credits a minute, no daily limit.
    public static let ultra2584 = TwelveDataPlan(name: "Ultra 2584", creditsPerMinute: 2584, creditsPerDay: nil)
    /// Ultra 4181: 4,181 credits a minute, no daily limit.
    public static let ultra4181 = TwelveDataPlan(name: "Ultra 4181", creditsPerMinute: 4181, creditsPerDay: nil)
    /// Ultra 10946: 10,946 credits a minute, no daily limit.
    public static let ultra10946 = TwelveDataPlan(name: "Ultra 10946", creditsPerMinute: 10946, creditsPerDay: nil)

    /// The tiers by the names `autoindex refresh --plan` and `TWELVEDATA_PLAN` take: `basic`, `grow55`, …
    public static let named: [String: TwelveDataPlan] = [
        "basic": .basic, "grow55": .grow55, "grow144": .grow144, "grow377": .grow377, "pro610": .pro610,
        "pro987": .pro987, "pro1597": .pro1597, "ultra2584": .ultra2584, "ultra4181": .ultra4181,
        "ultra10946": .ultra10946,
    ]

    /// `Basic (8/min, 800/day)`.
    public var description: String {
        let perDay = creditsPerDay.map { "\($0)/day" } ?? "no daily limit"
        return "\(name) (\(creditsPerMinute)/min, \(perDay))"
    }
}
