/// Converts between USD and other currencies with ECB euro reference rates.
///
/// The ECB quotes, for each currency on each of its business days, the units of that currency per 1 EUR
/// (`USD 1.1172` means 1 EUR = 1.1172 USD). A currency's units per USD are the cross rate
/// `rate(currency) / rate(USD)` of one day; EUR's are `1 / rate(USD)`; USD's are exactly 1.
///
/// - Important: A conversion on a date uses the latest rate on or before that date, never a later one
///   (no look-ahead): the ECB publishes no rates on weekends and its holidays. A rate more than
///   `maximumRateAge` calendar days older than the date is refused, so that a currency the ECB stopped
///   quoting (RUB after 2022-03-01, ISK from 2008 to 2018) is not silently valued at a rate years old.
public struct FxConverter: Sendable {
    /// One reference rate: units of a currency per 1 EUR at a day's fixing.
    private struct Fixing: Sendable {
        var date: TradingDate
        var rate: Double
    }

    /// Each currency's fixings, ascending by date with no date twice.
    private let fixings: [String: [Fixing]]

    /// How many calendar days before a date its rate may be fixed; nil for no limit.
    public let maximumRateAge: Int?

    /// The rate age allowed by default: a week, above the ECB's longest closure (5 days around Easter).
    public static let defaultMaximumRateAge = 7

    /// A converter from reference rates.
    /// - Parameters:
    ///   - ratesPerEuro: for each currency code, its rates as units per 1 EUR by date `YYYY-MM-DD`, in any
    ///     order. Codes are matched without regard to case. EUR needs no rates (it is 1) and must not have
    ///     any; USD needs its rates for every conversion except of USD itself.
    ///   - maximumRateAge: how many calendar days before a date its rate may be fixed; nil for no limit.
    /// - Throws: `SimulationError` for a date that is not `YYYY-MM-DD`, a rate that is not a positive finite
    ///   number, two rates for one currency on one day, rates for EUR, or a negative maximum age.
    public init(
        ratesPerEuro: [String: [(date: String, rate: Double)]],
        maximumRateAge: Int? = FxConverter.defaultMaximumRateAge
    ) throws(SimulationError) {
        if let maximumRateAge, maximumRateAge < 0 {
            throw .invalidMaximumRateAge(maximumRateAge)
        }
        var fixings: [String: [Fixing]] = [:]
        for (code, rates) in ratesPerEuro {
            let currency = code.uppercased()
            guard currency != "EUR" else { throw .euroRatesGiven }
            for (text, rate) in rates {
                guard let date = TradingDate(text) else { throw .invalidDate(text) }
                guard rate.isFinite, rate > 0 else {
                    throw .invalidRate(currency: currency, date: date.text, rate: rate)
                }
                fixings[currency, default: []].append(Fixing(date: date, rate: rate))
            }
        }
        for (currency, series) in fixings {
            let sorted = series.sorted { $0.date < $1.date }
            for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.date == next.date {
                throw .duplicateRate(currency: currency, date: next.date.text)
            }
            fixings[currency] = sorted
        }
        self.fixings = fixings
        self.maximumRateAge = maximumRateAge
    }

    /// The currencies the converter knows, sorted: every currency with rates, and EUR.
    ///
    /// USD appears when its rates were given; without them only USD itself converts (at 1).
    public var currencies: [String] {
        (Array(fixings.keys) + ["EUR"]).sorted()
    }

    /// Units of `currency` per 1 USD on `date`.
    ///
    /// `rate(currency) / rate(USD)`, both the latest fixings on or before `date`; EUR gives
    /// `1 / rate(USD)`; USD gives exactly 1, with or without rates.
    /// - Parameters:
    ///   - currency: an ISO 4217 code, in any case.
    ///   - date: the day of the conversion, `YYYY-MM-DD`.
    /// - Returns: how many units of `currency` 1 USD buys on `date`.
    /// - Throws: `SimulationError` for a date that is not `YYYY-MM-DD`, an unknown currency (listing the
    ///   known ones), no rate on or before the date (before 1999-01-04 for the ECB), or a rate older than
    ///   `maximumRateAge`; the message names the currency lacking the rate and the date.
    public func unitsPerUSD(_ currency: String, on date: String) throws(SimulationError) -> Double {
        guard let day = TradingDate(date) else { throw .invalidDate(date) }
        return try unitsPerUSD(currency.uppercased(), on: day)
    }

    /// Units of `currency` (an upper-case code) per 1 USD on `day`.
    func unitsPerUSD(_ currency: String, on day: TradingDate) throws(SimulationError) -> Double {
        if currency == "USD" { return 1 }
        try checkKnown(currency)
        let unitsPerEuro = currency == "EUR" ? 1 : try ratePerEuro(currency, on: day)
        return unitsPerEuro / (try ratePerEuro("USD", on: day))
    }

    /// Throws unless `currency` (an upper-case code) is USD, EUR or has rates.
    func checkKnown(_ currency: String) throws(SimulationError) {
        guard currency == "USD" || currency == "EUR" || fixings[currency] != nil else {
            throw .unknownCurrency(currency, known: currencies)
        }
    }

    /// The latest fixing of `currency` on or before `day`, within the maximum age.
    private func ratePerEuro(_ currency: String, on day: TradingDate) throws(SimulationError) -> Double {
        let series = fixings[currency] ?? []
        // Binary search for the number of fixings on or before the day.
        var low = 0
        var high = series.count
        while low < high {
            let middle = (low + high) / 2
            if series[middle].date <= day {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low > 0 else { throw .noRate(currency: currency, date: day.text) }
        let fixing = series[low - 1]
        if let maximumRateAge, day.dayNumber - fixing.date.dayNumber > maximumRateAge {
            throw .staleRate(
                currency: currency, date: day.text, latest: fixing.date.text, maximumAge: maximumRateAge)
        }
        return fixing.rate
    }
}
