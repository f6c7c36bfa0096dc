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
        var dateNumbers = Numbering<TradingDate>()
        var symbolNumbers = Numbering<String>()
        var cells: [(date: Int, symbol: Int, close: Double)] = []
        cells.reserveCapacity(rows.count)
        for row in rows {
            cells.append((dateNumbers.number(of: row.date), symbolNumbers.number(of: row.symbol), row.close))
        }
        let dates = dateNumbers.keys.sorted()
        let symbols = symbolNumbers.keys.sorted()
        let dateOrder = Self.order(of: dateNumbers.keys)
        let symbolOrder = Self.order(of: symbolNumbers.keys)
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

    /// For each key, its position once sorted.
    private static func order<Key: Comparable>(of keys: [Key]) -> [Int] {
        var order = [Int](repeating: 0, count: keys.count)
        for (position, number) in keys.indices.sorted(by: { keys[$0] < keys[$1] }).enumerated() {
            order[number] = position
        }
        return order
    }
}
