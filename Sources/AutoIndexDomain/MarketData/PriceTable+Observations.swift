import IndexEngine

extension PriceTable {
    /// The grid of closes read from a file (`PriceFile` has checked every date and close).
    /// - Throws: `EngineError.duplicatePrice` when a date and symbol appear twice.
    public init(_ observations: [PriceObservation]) throws(EngineError) {
        try self.init(
            rows: observations.compactMap { row in
                guard let date = TradingDate(row.date), let close = Double(row.close) else { return nil }
                return (date, row.symbol, close)
            })
    }
}
