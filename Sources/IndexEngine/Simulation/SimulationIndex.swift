/// An index series checked once for any number of simulations: its dates parsed and ascending, its
/// values positive and finite. A service that answers many simulations over one index history builds
/// this when the history changes, not per request.
public struct SimulationIndex: Sendable {
    /// The index values, ascending by date; never empty.
    let values: [(date: TradingDate, value: Double)]

    /// Checks and keeps `index`.
    /// - Parameter index: the index values by date `YYYY-MM-DD`, ascending (e.g. from the index history read
    ///   model).
    /// - Throws: `SimulationError` for an empty index, a date that is not `YYYY-MM-DD`, dates that do not
    ///   ascend, or a value that is not positive and finite.
    public init(_ index: [(date: String, value: Double)]) throws(SimulationError) {
        guard !index.isEmpty else { throw .noIndexValues }
        var parsed: [(date: TradingDate, value: Double)] = []
        parsed.reserveCapacity(index.count)
        for (text, value) in index {
            guard let date = TradingDate(text) else { throw .invalidDate(text) }
            if let previous = parsed.last?.date, previous >= date {
                throw .indexNotAscending(previous: previous.text, date: date.text)
            }
            guard value.isFinite, value > 0 else { throw .invalidIndexValue(date: date.text, value: value) }
            parsed.append((date, value))
        }
        values = parsed
    }

    /// The number of index values.
    public var count: Int { values.count }

    /// The position of the first value dated on or after `date`; `count` when none is.
    func firstPosition(onOrAfter date: TradingDate) -> Int {
        partition { $0 < date }
    }

    /// The number of values dated on or before `date`.
    func count(through date: TradingDate) -> Int {
        partition { $0 <= date }
    }

    /// The number of leading values whose date satisfies `isBefore` (which holds for a prefix).
    private func partition(_ isBefore: (TradingDate) -> Bool) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if isBefore(values[middle].date) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
