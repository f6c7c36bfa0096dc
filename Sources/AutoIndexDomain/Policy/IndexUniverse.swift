import IndexEngine

/// The constituents of an index and their cleaned daily history, built from the market data in the log.
public enum IndexUniverse {
    /// The listed equities (benchmarks are never constituents), by symbol.
    public static func symbols(of market: MarketDataLedger) -> [String] {
        market.assets.values.filter { $0.assetClass == "equity" }.map(\.symbol).sorted()
    }

    /// The trading days of the constituents with their cleaned closes and returns.
    ///
    /// The days are the dates on which any constituent has a close. The latest day counts only once it
    /// is complete: every constituent with earlier closes has one on it. An earlier gap is a missing
    /// close, forward filled as the rules allow.
    /// - Throws: `EngineError` for invalid rules.
    public static func history(of market: MarketDataLedger, rules: CleaningRules) throws(EngineError) -> MarketHistory {
        let symbols = symbols(of: market)
        var history = try MarketHistory(symbols: symbols, rules: rules)
        let columns = symbols.map { market.closes[$0] ?? [:] }
        var dates = Set<String>()
        for column in columns { dates.formUnion(column.keys) }
        var sorted = dates.sorted()
        if let last = sorted.last,
            columns.contains(where: { column in column[last] == nil && column.keys.contains { $0 < last } })
        {
            sorted.removeLast()
        }
        for text in sorted {
            guard let date = TradingDate(text) else { continue }
            try history.append(date: date, closes: columns.map { $0[text].flatMap(Double.init) })
        }
        return history
    }
}
