import IndexEngine

/// Why the index policy cannot plan.
public enum IndexPolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The engine refused the configuration or the data.
    case engine(EngineError)
    /// The index stream names a valued date the market data does not have.
    case valuedDateNotInData(String)
    /// The index stream holds values but no allocation as of its base date.
    case noBaseAllocation(String)

    public var description: String {
        switch self {
        case .engine(let error): return error.description
        case .valuedDateNotInData(let date):
            return "the index was valued on \(date), a date the market data does not hold"
        case .noBaseAllocation(let date): return "the index has no allocation as of its base date \(date)"
        }
    }
}
