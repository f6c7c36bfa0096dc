/// Rows of a `date,symbol,close` file gathered into a date × symbol grid.
public struct PriceTable: Sendable {
    /// Every date of the rows, ascending.
    public let dates: [TradingDate]
    /// Every symbol of the rows, sorted.
    public let symbols: [String]
    /// `closes[date][symbol]`, nil where the rows have no close.
    public let closes: [[Double?]]

    /// Gathers rows in any order.
    /// - Throws: `EngineError.duplicatePrice` when a date and symbol appear twice.
    public init(rows: [(date: TradingDate, symbol: String, close: Double)]) throws(EngineError) {
        // Number dates and symbols in order of appearance, then renumber them sorted.
        var dateSlots: [TradingDate: Int] = [:]
        var symbolSlots: [String: Int] = [:]
        var cells: [(date: Int, symbol: Int, close: Double)] = []
        cells.reserveCapacity(rows.count)
        for row in rows {
            let date = dateSlots[row.date, default: dateSlots.count]
            dateSlots[row.date] = date
            let symbol = symbolSlots[row.symbol, default: symbolSlots.count]
            symbolSlots[row.symbol] = symbol
            cells.append((date, symbol, row.close))
        }
        let dates = dateSlots.keys.sorted()
        let symbols = symbolSlots.keys.sorted()
        var dateOrder = [Int](repeating: 0, count: dates.count)
        for (position, date) in dates.enumerated() { dateOrder[dateSlots[date] ?? 0] = position }
        var symbolOrder = [Int](repeating: 0, count: symbols.count)
        for (position, symbol) in symbols.enumerated() { symbolOrder[symbolSlots[symbol] ?? 0] = position }
        var closes = Array(repeating: [Double?](repeating: nil, count: symbols.count), count: dates.count)
        for cell in cells {
            let (day, asset) = (dateOrder[cell.date], symbolOrder[cell.symbol])
            guard closes[day][asset] == nil else {
                throw .duplicatePrice(date: dates[day], symbol: symbols[asset])
            }
            closes[day][asset] = cell.close
        }
        self.dates = dates
        self.symbols = symbols
        self.closes = closes
    }
}
