/// When an index rebalances: at the last trading day of each calendar period, or when a weight has
/// drifted too far from its target, or never (buy and hold).
public enum RebalanceSchedule: Sendable, Hashable {
    /// Never after the base allocation: buy and hold.
    case none
    /// At every close.
    case daily
    /// Periods are ISO 8601 weeks (Monday to Sunday, numbered within their ISO year).
    case weekly
    /// At the last trading day of each calendar month.
    case monthly
    /// At the last trading day of March, June, September and December.
    case quarterly
    /// At the last trading day of each year.
    case yearly
    /// Rebalance at a close where any drifted weight is more than `band` away from its target.
    case drift(band: Double)

    /// Parses `none`, `daily`, `weekly`, `monthly`, `quarterly`, `yearly` or `drift:<band>` with a finite
    /// band above 0 (e.g. `drift:0.05`); nil for anything else.
    public init?(_ text: String) {
        switch text {
        case "none": self = .none
        case "daily": self = .daily
        case "weekly": self = .weekly
        case "monthly": self = .monthly
        case "quarterly": self = .quarterly
        case "yearly": self = .yearly
        default:
            guard text.hasPrefix("drift:"), let band = Double(text.dropFirst("drift:".count)), band > 0,
                band.isFinite
            else { return nil }
            self = .drift(band: band)
        }
    }

    /// The schedule's text, as `init(_:)` reads it.
    public var text: String {
        switch self {
        case .none: return "none"
        case .daily: return "daily"
        case .weekly: return "weekly"
        case .monthly: return "monthly"
        case .quarterly: return "quarterly"
        case .yearly: return "yearly"
        case .drift(let band): return "drift:\(band)"
        }
    }

    /// Whether the close of `date` is the last trading day of its calendar period, given `next`, the
    /// next trading date in the data. Always true for `daily`; always false for `none` and `drift`.
    public func endsPeriod(_ date: TradingDate, next: TradingDate) -> Bool {
        switch self {
        case .none, .drift: return false
        case .daily: return true
        case .weekly: return date.isoWeek != next.isoWeek
        case .monthly: return date.year != next.year || date.month != next.month
        case .quarterly: return date.year != next.year || date.quarter != next.quarter
        case .yearly: return date.year != next.year
        }
    }

    /// For `drift`: whether any `|current − target|` exceeds the band. False for calendar schedules.
    public func isDriftBreached(current: [Double], target: [Double]) -> Bool {
        guard case .drift(let band) = self else { return false }
        return zip(current, target).contains { abs($0 - $1) > band }
    }
}

extension RebalanceSchedule: CustomStringConvertible {
    /// The schedule's text.
    public var description: String { text }
}
