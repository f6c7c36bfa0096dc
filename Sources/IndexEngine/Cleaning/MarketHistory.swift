/// The cleaned daily history of a fixed list of symbols, built one trading day at a time so that a
/// live policy (appending day by day as prices arrive) and a backtest (all at once) see identical
/// numbers: a day's figures depend only on that day and earlier ones, and appending never changes them.
///
/// - `closes[day][asset]`: the close after the minimum price and forward fill; nil when the asset has
///   none (missing beyond the forward-fill limit, or before its first valid close).
/// - `returns[day][asset]`: `close[day] / close[day − 1] − 1`, capped and outlier-clipped; nil on day 0
///   and whenever either close is nil. A forward-filled day has return 0. On the first day back after
///   a gap longer than the forward-fill limit the return is nil: the move across the gap is never
///   booked as one day's return.
///
/// Appending a day costs O(symbols): the outlier statistics are running sums over the trailing window.
public struct MarketHistory: Sendable {
    /// The assets, in the order of every row.
    public let symbols: [String]
    /// How the raw closes were cleaned.
    public let rules: CleaningRules
    /// The trading days, ascending.
    public private(set) var dates: [TradingDate] = []
    /// `closes[day][asset]` after the minimum price and forward fill.
    public private(set) var closes: [[Double?]] = []
    /// `returns[day][asset]` close to close, after caps and outlier clipping.
    public private(set) var returns: [[Double?]] = []

    private let symbolIndices: [String: Int]
    private var cleaning: [AssetCleaningState]

    /// An empty history.
    /// - Throws: `EngineError.duplicateSymbol` when a symbol is listed twice,
    ///   `EngineError.invalidParameters` when a symbol is empty.
    public init(symbols: [String], rules: CleaningRules) throws(EngineError) {
        var indices: [String: Int] = [:]
        for (index, symbol) in symbols.enumerated() {
            guard !symbol.isEmpty else { throw .invalidParameters("a symbol is empty") }
            guard indices.updateValue(index, forKey: symbol) == nil else { throw .duplicateSymbol(symbol) }
        }
        self.symbols = symbols
        self.rules = rules
        symbolIndices = indices
        cleaning = Array(repeating: AssetCleaningState(), count: symbols.count)
    }

    /// The number of trading days.
    public var count: Int { dates.count }

    /// The position of `symbol` in `symbols`.
    public func index(ofSymbol symbol: String) -> Int? { symbolIndices[symbol] }

    /// The day index of `date`, or nil when the history does not hold it.
    public func index(of date: TradingDate) -> Int? {
        var low = 0
        var high = dates.count
        while low < high {
            let middle = (low + high) / 2
            if dates[middle] < date { low = middle + 1 } else { high = middle }
        }
        return low < dates.count && dates[low] == date ? low : nil
    }

    /// Appends one trading day.
    /// - Parameters:
    ///   - date: after every date already held.
    ///   - closes: raw closes aligned with `symbols`; nil where the day has no price.
    /// - Throws: `EngineError.dateNotAscending` or `EngineError.misalignedCloses`; the history is unchanged.
    public mutating func append(date: TradingDate, closes rawCloses: [Double?]) throws(EngineError) {
        if let previous = dates.last, date <= previous {
            throw .dateNotAscending(previous: previous, date: date)
        }
        guard rawCloses.count == symbols.count else {
            throw .misalignedCloses(date: date, expected: symbols.count, actual: rawCloses.count)
        }
        let day = dates.count
        let previousCloses = closes.last
        let leaving = day >= rules.outlierWindow ? returns[day - rules.outlierWindow] : nil
        var dayCloses = [Double?](repeating: nil, count: symbols.count)
        var dayReturns = [Double?](repeating: nil, count: symbols.count)
        for asset in symbols.indices {
            let previousClose = previousCloses?[asset] ?? nil
            let close = cleaning[asset].close(raw: rawCloses[asset], previous: previousClose, rules: rules)
            dayCloses[asset] = close
            if let close, let previousClose {
                let capped = min(max(close / previousClose - 1, rules.minDailyReturn), rules.maxDailyReturn)
                dayReturns[asset] = rules.clipsOutliers ? cleaning[asset].window.clipped(capped, rules: rules) : capped
            }
            if rules.clipsOutliers {
                cleaning[asset].window.slide(entering: dayReturns[asset], leaving: leaving?[asset] ?? nil)
            }
        }
        dates.append(date)
        closes.append(dayCloses)
        returns.append(dayReturns)
    }
}

/// What cleaning remembers about one asset between days.
private struct AssetCleaningState {
    /// Consecutive days filled from an earlier close.
    var filledDays = 0
    var window = TrailingReturns()

    mutating func close(raw: Double?, previous: Double?, rules: CleaningRules) -> Double? {
        if let raw, raw.isFinite, raw > 0, raw >= rules.minPrice {
            filledDays = 0
            return raw
        }
        guard let previous, filledDays < rules.maxForwardFillDays else { return nil }
        filledDays += 1
        return previous
    }
}

/// Running count, sum and sum of squares of the cleaned returns in the trailing outlier window.
private struct TrailingReturns {
    var count = 0
    var sum = 0.0
    var sumOfSquares = 0.0

    /// `value` clipped to mean ± k·std of the window, when the window has enough observations and spread.
    func clipped(_ value: Double, rules: CleaningRules) -> Double {
        guard count >= rules.outlierMinObservations else { return value }
        let mean = sum / Double(count)
        let variance = max(0, (sumOfSquares - sum * mean) / Double(count - 1))
        // A window without spread cannot tell an outlier from an ordinary move.
        guard variance > 0 else { return value }
        let limit = rules.outlierStdThreshold * variance.squareRoot()
        if value - mean > limit { return mean + limit }
        if mean - value > limit { return mean - limit }
        return value
    }

    mutating func slide(entering: Double?, leaving: Double?) {
        if let entering {
            count += 1
            sum += entering
            sumOfSquares += entering * entering
        }
        if let leaving {
            count -= 1
            sum -= leaving
            sumOfSquares -= leaving * leaving
        }
        if count == 0 {
            // Drop the rounding residue of an emptied window.
            sum = 0
            sumOfSquares = 0
        }
    }
}
