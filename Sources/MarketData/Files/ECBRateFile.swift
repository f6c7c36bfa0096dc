import AutoIndexDomain
import IndexEngine

/// Reads the European Central Bank's `eurofxref-hist.csv`: a header `Date,USD,JPY,…`, then one row per
/// ECB business day (newest first) with the units of each currency per 1 EUR, `N/A` where none was
/// published, and a trailing comma on every line.
public enum ECBRateFile {
    /// The currency every ECB rate is quoted against.
    public static let baseCurrency = "EUR"

    /// Parses the whole file, or fails at the first unusable row.
    /// - Returns: one observation per published rate, in file order.
    /// - Throws: `MarketDataFileError` naming the line.
    public static func parse(_ text: String) throws(MarketDataFileError) -> [FxObservation] {
        var rates: [FxObservation] = []
        var currencies: [Substring]?
        var seenDates: [Substring: Int] = [:]
        var lineNumber = 0
        for line in CSVLine.lines(text) {
            lineNumber += 1
            var fields = CSVLine.fields(line)
            if fields.count == 1, fields[0].isEmpty { continue }
            if fields.last?.isEmpty == true { fields.removeLast() }
            guard let header = currencies else {
                currencies = try Self.header(fields, line: lineNumber)
                continue
            }
            guard fields.count == header.count + 1 else {
                throw MarketDataFileError(
                    line: lineNumber, message: "expected \(header.count + 1) columns, found \(fields.count)")
            }
            let date = fields[0]
            guard TradingDate(utf8: date.utf8) != nil else {
                throw MarketDataFileError(
                    line: lineNumber, message: "date \"\(date)\" is not a calendar date YYYY-MM-DD")
            }
            if let earlier = seenDates[date] {
                throw MarketDataFileError(line: lineNumber, message: "\(date) appears twice (first on line \(earlier))")
            }
            seenDates[date] = lineNumber
            for (currency, rate) in zip(header, fields.dropFirst()) where rate != "N/A" && !rate.isEmpty {
                guard DecimalText.isPositiveDecimal(rate) else {
                    throw MarketDataFileError(
                        line: lineNumber,
                        message: "\(currency) rate \"\(rate)\" on \(date) is not a positive decimal number")
                }
                rates.append(
                    FxObservation(
                        currency: String(currency), baseCurrency: baseCurrency, date: String(date), rate: String(rate)))
            }
        }
        guard currencies != nil else { throw MarketDataFileError(line: 1, message: "the file is empty") }
        return rates
    }

    private static func header(_ fields: [Substring], line: Int) throws(MarketDataFileError) -> [Substring] {
        guard fields.first?.lowercased() == "date", fields.count > 1 else {
            throw MarketDataFileError(line: line, message: "the header must start with Date, then currency codes")
        }
        let currencies = Array(fields.dropFirst())
        for currency in currencies where !FxObservation.isValidCurrency(currency) {
            throw MarketDataFileError(line: line, message: "\"\(currency)\" in the header is not a currency code")
        }
        return currencies
    }
}
