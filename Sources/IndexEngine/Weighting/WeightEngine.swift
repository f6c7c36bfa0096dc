/// Computes target weights at a close from the history up to and including that close, never later.
///
/// Eligibility: an asset needs a close on the decision day, and the inputs its method needs —
/// momentum over N rows needs the close N rows earlier; volatility and covariance over a lookback of N
/// need all N daily returns up to the day (N + 1 consecutive closes) and some movement in them.
/// Assets failing this are listed in `excluded` with the reason.
public enum WeightEngine {
    /// Decides target weights at the close of day `dayIndex`.
    /// - Parameters:
    ///   - method: the weighting method.
    ///   - history: the cleaned price history; only days up to `dayIndex` are read.
    ///   - dayIndex: the decision day, an index into `history.dates`.
    ///   - universe: the symbols that may be weighted (default: all of the history's symbols).
    ///   - marketCaps: market capitalisations by symbol, for the market-cap sleeve of a blend.
    /// - Returns: the decision, its weights aligned with `history.symbols`.
    /// - Throws: `EngineError.dayOutOfRange`, `.unknownAsset`, `.duplicateSymbol`, `.invalidParameters` for
    ///   bad inputs; `.noEligibleAssets` when no asset can be weighted; `.noSleeveAvailable` when every
    ///   sleeve of a blend had to be left out; `.solverDidNotConverge` from equal risk contribution.
    public static func decide(
        _ method: WeightingMethod, history: MarketHistory, asOf dayIndex: Int, universe: [String]? = nil,
        marketCaps: [String: Double] = [:]
    ) throws(EngineError) -> WeightDecision {
        guard history.dates.indices.contains(dayIndex) else {
            throw .dayOutOfRange(index: dayIndex, count: history.count)
        }
        try validate(method)
        let assets = try resolve(universe, in: history)
        let context = DecisionContext(history: history, day: dayIndex, assets: assets)
        switch method {
        case .equal:
            return try context.equalWeights()
        case .momentum(let days, let threshold):
            return try context.momentumWeights(days: days, threshold: threshold)
        case .inverseVolatility(let lookback):
            return try context.riskParityWeights(method: .inverseVolatility, lookback: lookback)
        case .equalRiskContribution(let lookback):
            return try context.riskParityWeights(method: .equalRiskContribution, lookback: lookback)
        case .blend(let parameters):
            return try context.blendWeights(parameters, marketCaps: marketCaps)
        }
    }

    /// The universe's history indices, sorted by symbol.
    private static func resolve(_ universe: [String]?, in history: MarketHistory) throws(EngineError) -> [Int] {
        let symbols = universe ?? history.symbols
        guard !symbols.isEmpty else { throw .invalidParameters("the universe is empty") }
        var seen = Set<String>()
        var indices: [Int] = []
        for symbol in symbols {
            guard seen.insert(symbol).inserted else { throw .duplicateSymbol(symbol) }
            guard let index = history.index(ofSymbol: symbol) else { throw .unknownAsset(symbol) }
            indices.append(index)
        }
        return indices.sorted { history.symbols[$0] < history.symbols[$1] }
    }

    private static func validate(_ method: WeightingMethod) throws(EngineError) {
        switch method {
        case .equal:
            return
        case .momentum(let days, let threshold):
            try validateMomentum(days: days, threshold: threshold)
        case .inverseVolatility(let lookback), .equalRiskContribution(let lookback):
            try validateLookback(lookback)
        case .blend(let parameters):
            let sleeveWeights = StrategySleeve.allCases.map { parameters.configuredWeight(of: $0) }
            guard sleeveWeights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw .invalidParameters("sleeve weights must be finite and at least 0")
            }
            let total = sleeveWeights.reduce(0, +)
            guard abs(total - 1) <= 1e-9 else { throw .invalidParameters("sleeve weights sum to \(total), not 1") }
            try validateMomentum(days: parameters.momentumDays, threshold: parameters.momentumThreshold)
            try validateLookback(parameters.volatilityLookback)
            try validateBounds(min: parameters.minWeight, max: parameters.maxWeight)
        }
    }

    private static func validateMomentum(days: Int, threshold: Double?) throws(EngineError) {
        guard days >= 1 else { throw .invalidParameters("momentum days \(days) must be at least 1") }
        if let threshold, !threshold.isFinite {
            throw .invalidParameters("momentum threshold \(threshold) must be finite")
        }
    }

    private static func validateLookback(_ lookback: Int) throws(EngineError) {
        guard lookback >= 2 else {
            throw .invalidParameters("volatility lookback \(lookback) must be at least 2 daily returns")
        }
    }

    private static func validateBounds(min lower: Double?, max upper: Double?) throws(EngineError) {
        if let lower, !(0...1).contains(lower) {
            throw .invalidParameters("min weight \(lower) must be between 0 and 1")
        }
        if let upper, !(upper > 0 && upper <= 1) {
            throw .invalidParameters("max weight \(upper) must be above 0 and at most 1")
        }
        if let lower, let upper, lower > upper {
            throw .invalidParameters("min weight \(lower) is above max weight \(upper)")
        }
    }
}
