import AutoIndexDomain
import IndexEngine

/// Reads `date,symbol,close` files (or `date,symbol,market_cap`): a header naming the three columns
/// (any order, other columns ignored), then one row per symbol per date.
public enum PriceFile {
    /// Parses the whole file, or fails at the first unusable row.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - valueColumn: the column of figures: `close`, or `market_cap` for market-cap facts.
    /// - Returns: every row, in file order.
    /// - Throws: `MarketDataFileError` naming the line: a missing header or column, a bad date,
    ///   symbol or close, or the same symbol and date twice.
    public static func parse(_ text: String, valueColumn: String = "close") throws(MarketDataFileError)
        -> [PriceObservation]
    {
        var rows: [PriceObservation] = []
        var firstLine: [String: Int] = [:]
        var columns: (date: Int, symbol: Int, close: Int)?
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let fields = CSVLine.fields(line)
            if fields.count == 1, fields[0].isEmpty { continue }
            guard let layout = columns else {
                columns = try header(fields, valueColumn: valueColumn, line: lineNumber)
                continue
            }
            guard fields.count > max(layout.date, layout.symbol, layout.close) else {
                throw MarketDataFileError(
                    line: lineNumber,
                    message:
                        "expected \(max(layout.date, layout.symbol, layout.close) + 1) columns, found \(fields.count)")
            }
            let date = fields[layout.date]
            let symbol = fields[layout.symbol]
            let close = fields[layout.close]
            guard TradingDate(utf8: date.utf8) != nil else {
                throw MarketDataFileError(
                    line: lineNumber, message: "date \"\(date)\" is not a calendar date YYYY-MM-DD")
            }
            guard PriceObservation.isValidSymbol(symbol) else {
                throw MarketDataFileError(
                    line: lineNumber, message: "symbol \"\(symbol)\" must be 1 to 20 of A-Z 0-9 . ^ -")
            }
            guard DecimalText.isPositiveDecimal(close) else {
                throw MarketDataFileError(
                    line: lineNumber,
                    message: "\(valueColumn) \"\(close)\" of \(symbol) is not a positive decimal number")
            }
            let key = "\(symbol) \(date)"
            if let earlier = firstLine[key] {
                throw MarketDataFileError(
                    line: lineNumber, message: "\(symbol) on \(date) appears twice (first on line \(earlier))")
            }
            firstLine[key] = lineNumber
            rows.append(PriceObservation(symbol: String(symbol), date: String(date), close: String(close)))
        }
        guard columns != nil else { throw MarketDataFileError(line: 1, message: "the file is empty") }
        return rows
    }

    private static func header(_ fields: [Substring], valueColumn: String, line: Int) throws(MarketDataFileError) -> (
        date: Int, symbol: Int, close: Int
    ) {
        let names = fields.map { $0.lowercased() }
        guard let date = names.firstIndex(of: "date"), let symbol = names.firstIndex(of: "symbol"),
            let close = names.firstIndex(of: valueColumn)
        else {
            throw MarketDataFileError(
                line: line,
                message:
                    "the header must name the columns date, symbol and close; found \"\(fields.joined(separator: ","))\""
            )
        }
        return (date, symbol, close)
    }
}
