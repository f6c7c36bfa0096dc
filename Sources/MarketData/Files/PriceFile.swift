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
        let lines = CSVLine.lines(text)
        var rows: [PriceObservation] = []
        rows.reserveCapacity(lines.count)
        var symbolNumbers = Numbering<Substring>()
        var duplicates = DuplicateFinder()
        var columns: (date: Int, symbol: Int, close: Int)?
        var lineNumber = 0
        for line in lines {
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
            guard let day = TradingDate(utf8: date.utf8) else {
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
            let symbolNumber = symbolNumbers.number(of: symbol)
            if let earlier = duplicates.earlierLine(symbol: symbolNumber, date: day, line: lineNumber) {
                throw MarketDataFileError(
                    line: lineNumber, message: "\(symbol) on \(date) appears twice (first on line \(earlier))")
            }
            rows.append(PriceObservation(symbol: String(symbol), date: String(date), close: String(close)))
        }
        guard columns != nil else { throw MarketDataFileError(line: 1, message: "the file is empty") }
        return rows
    }

    /// Finds a symbol and date given twice. A row later than every earlier row of its symbol is new
    /// without a lookup (files run in date order), so the index of every row is built only when a
    /// row is not.
    private struct DuplicateFinder {
        private struct RowKey: Hashable {
            let symbol: Int
            let date: TradingDate
        }

        /// By symbol number (as numbered in order of appearance), its latest date so far.
        private var latest: [TradingDate] = []
        private var rows: [(key: RowKey, line: Int)] = []
        private var lines: [RowKey: Int]?

        /// The line that gave `symbol` on `date` before `line`, or nil when none did.
        mutating func earlierLine(symbol: Int, date: TradingDate, line: Int) -> Int? {
            let key = RowKey(symbol: symbol, date: date)
            if var lines {
                self.lines = nil
                defer { self.lines = lines }
                return lines.updateValue(line, forKey: key)
            }
            if symbol == latest.count {
                latest.append(date)
            } else if date > latest[symbol] {
                latest[symbol] = date
            } else {
                var lines = Dictionary(rows.lazy.map { ($0.key, $0.line) }) { first, _ in first }
                rows = []
                let earlier = lines.updateValue(line, forKey: key)
                self.lines = lines
                return earlier
            }
            rows.append((key, line))
            return nil
        }
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
