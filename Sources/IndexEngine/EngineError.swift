/// Why the index engine refused its inputs. Every case reads as one sentence through `description`,
/// suitable for an error body's `detail`.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Cleaning rules out of range (negative forward fill, caps that exclude 0, …).
    case invalidRules(String)
    /// Strategy or weighting parameters out of range.
    case invalidParameters(String)
    /// A symbol appears twice where symbols must be unique.
    case duplicateSymbol(String)
    /// A symbol that the price history does not hold.
    case unknownAsset(String)
    /// Two closes for one symbol on one date.
    case duplicatePrice(date: TradingDate, symbol: String)
    /// A day appended out of order.
    case dateNotAscending(previous: TradingDate, date: TradingDate)
    /// A row of closes whose length differs from the number of symbols.
    case misalignedCloses(date: TradingDate, expected: Int, actual: Int)
    /// A day index outside the history.
    case dayOutOfRange(index: Int, count: Int)
    /// A date the price history does not hold.
    case dateNotInData(TradingDate)
    /// A backtest whose start is not before its end.
    case startNotBeforeEnd(start: TradingDate, end: TradingDate)
    /// No asset of the universe can be weighted at a close; the exclusions say why.
    case noEligibleAssets(asOf: TradingDate, exclusions: [AssetExclusion])
    /// Every sleeve of a blend with a configured weight was left out; the notes say why.
    case noSleeveAvailable(asOf: TradingDate, notes: [String])
    /// Weights that are not finite, negative, misaligned or do not sum to 1.
    case invalidWeights(String)
    /// Daily returns that cannot be applied to a portfolio.
    case invalidReturns(String)
    /// A covariance matrix that is not square, symmetric, finite with a positive diagonal.
    case invalidCovariance(String)
    /// The equal-risk-contribution solver did not reach equal contributions.
    case solverDidNotConverge(String)

    /// One sentence saying what was wrong.
    public var description: String {
        switch self {
        case .invalidRules(let reason):
            return "invalid cleaning rules: \(reason)"
        case .invalidParameters(let reason):
            return "invalid parameters: \(reason)"
        case .duplicateSymbol(let symbol):
            return "symbol \(symbol) is listed more than once"
        case .unknownAsset(let symbol):
            return "unknown asset \(symbol): the price history has no such symbol"
        case .duplicatePrice(let date, let symbol):
            return "more than one close for \(symbol) on \(date.text)"
        case .dateNotAscending(let previous, let date):
            return "\(date.text) does not come after \(previous.text): days must be appended in ascending order"
        case .misalignedCloses(let date, let expected, let actual):
            return "expected \(expected) closes on \(date.text), one per symbol, got \(actual)"
        case .dayOutOfRange(let index, let count):
            return "day index \(index) is outside the history of \(count) days"
        case .dateNotInData(let date):
            return "no prices on \(date.text)"
        case .startNotBeforeEnd(let start, let end):
            return "start \(start.text) must come before end \(end.text)"
        case .noEligibleAssets(let asOf, let exclusions):
            let reasons = exclusions.map { "\($0.symbol): \($0.reason)" }.joined(separator: "; ")
            return exclusions.isEmpty
                ? "no eligible asset on \(asOf.text)" : "no eligible asset on \(asOf.text) (\(reasons))"
        case .noSleeveAvailable(let asOf, let notes):
            return "no sleeve of the blend could be computed on \(asOf.text) (\(notes.joined(separator: "; ")))"
        case .invalidWeights(let reason):
            return "invalid weights: \(reason)"
        case .invalidReturns(let reason):
            return "invalid returns: \(reason)"
        case .invalidCovariance(let reason):
            return "invalid covariance matrix: \(reason)"
        case .solverDidNotConverge(let reason):
            return "equal risk contribution did not converge: \(reason)"
        }
    }
}
