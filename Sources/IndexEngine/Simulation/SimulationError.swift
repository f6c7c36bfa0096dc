/// Why an investment simulation or a currency conversion was refused. Every case reads as one sentence
/// through `description`, suitable for an error body's `detail`.
public enum SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An amount to invest that is not a positive finite number.
    case invalidAmount(Double)
    /// A monthly contribution that is not a positive finite number.
    case invalidContribution(Double)
    /// Text that is not a calendar day `YYYY-MM-DD`.
    case invalidDate(String)
    /// A currency the converter has no rates for; `known` lists the ones it can convert, sorted.
    case unknownCurrency(String, known: [String])
    /// No reference rate for `currency` on `date` or on any earlier day.
    case noRate(currency: String, date: String)
    /// The latest reference rate for `currency` on or before `date` is from `latest`, more than `maximumAge`
    /// calendar days earlier: the ECB stopped or suspended the currency.
    case staleRate(currency: String, date: String, latest: String, maximumAge: Int)
    /// A reference rate that is not a positive finite number of units per EUR.
    case invalidRate(currency: String, date: String, rate: Double)
    /// Two reference rates for one currency on one day.
    case duplicateRate(currency: String, date: String)
    /// Rates given for the euro, the base of the reference rates.
    case euroRatesGiven
    /// A maximum rate age below zero.
    case invalidMaximumRateAge(Int)
    /// An index history without values.
    case noIndexValues
    /// An index value that is not a positive finite number.
    case invalidIndexValue(date: String, value: Double)
    /// Index dates out of ascending order, or one date twice.
    case indexNotAscending(previous: String, date: String)
    /// A start date after the last index value.
    case startAfterLastValue(start: String, lastValue: String)
    /// An end date before the start date.
    case endBeforeStart(end: String, start: String)
    /// No index value from the start date to the end date.
    case noIndexValueInPeriod(start: String, end: String)
    /// Amounts so large that a value overflows.
    case valueOverflow(date: String)

    /// One sentence saying what was wrong.
    public var description: String {
        switch self {
        case .invalidAmount(let amount):
            return "amount must be a positive finite number, got \(amount)"
        case .invalidContribution(let amount):
            return "monthly contribution must be a positive finite number, got \(amount)"
        case .invalidDate(let text):
            return "invalid date \"\(text)\": expected a calendar day as YYYY-MM-DD"
        case .unknownCurrency(let currency, let known):
            return "unknown currency \"\(currency)\": known currencies are \(known.joined(separator: ", "))"
        case .noRate(let currency, let date):
            return "no ECB reference rate for \(currency) on or before \(date)"
        case .staleRate(let currency, let date, let latest, let maximumAge):
            return "the latest ECB reference rate for \(currency) on or before \(date) is from \(latest), "
                + "more than \(maximumAge) days earlier"
        case .invalidRate(let currency, let date, let rate):
            return
                "invalid \(currency) rate \(rate) on \(date): a rate must be a positive finite number of units per EUR"
        case .duplicateRate(let currency, let date):
            return "more than one \(currency) rate on \(date)"
        case .euroRatesGiven:
            return "EUR is the base of the reference rates (1 EUR is 1 EUR) and takes no rates"
        case .invalidMaximumRateAge(let days):
            return "the maximum rate age must be 0 days or more, got \(days)"
        case .noIndexValues:
            return "the index has no values to simulate an investment over"
        case .invalidIndexValue(let date, let value):
            return "index value \(value) on \(date) is not a positive finite number"
        case .indexNotAscending(let previous, let date):
            return "index dates must ascend: \(date) follows \(previous)"
        case .startAfterLastValue(let start, let lastValue):
            return "start date \(start) is after the last index value on \(lastValue)"
        case .endBeforeStart(let end, let start):
            return "end date \(end) is before start date \(start)"
        case .noIndexValueInPeriod(let start, let end):
            return "the index has no value from \(start) to \(end)"
        case .valueOverflow(let date):
            return "the amounts are too large: the investment's value overflows on \(date)"
        }
    }
}
