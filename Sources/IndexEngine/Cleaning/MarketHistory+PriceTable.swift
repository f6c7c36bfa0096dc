extension MarketHistory {
    /// The history of every symbol of `table`, cleaned by `rules`, appended date by date.
    public init(table: PriceTable, rules: CleaningRules) throws(EngineError) {
        try self.init(symbols: table.symbols, rules: rules)
        for (day, date) in table.dates.enumerated() {
            try append(date: date, closes: table.closes[day])
        }
    }
}
