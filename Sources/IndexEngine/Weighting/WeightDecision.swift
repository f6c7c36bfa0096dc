/// Target weights decided at a close, with every input and intermediate figure needed to audit them.
/// The weights apply from the next trading day.
public struct WeightDecision: Sendable, Hashable {
    /// The close at which the weights were decided.
    public var asOf: TradingDate
    /// The first date whose close was used.
    public var inputStart: TradingDate
    /// The sleeves of a blend (one sleeve for momentum and risk-parity methods, none for equal weight).
    public var sleeves: [SleeveOutcome]
    /// Each included asset, sorted by symbol: for momentum, the assets at or above the threshold; for a
    /// blend, every asset with the data its sleeves need (one may weigh 0 when no sleeve holds it, e.g.
    /// below the momentum threshold in a momentum-only blend).
    public var components: [AssetComponent]
    /// Assets of the universe left out, sorted by symbol.
    public var excluded: [AssetExclusion]
    /// Every eligible asset's momentum, strongest first, ties by symbol (including assets below the
    /// threshold); empty when the decision uses no momentum.
    public var momentumScores: [MomentumScore]
    /// What else shaped the weights, e.g. bounds that could not be met.
    public var notes: [String]
    /// The symbols `weights` is aligned with (the history's symbols).
    public var symbols: [String]
    /// Aligned with `symbols`; sums to 1; 0 for excluded assets and assets outside the universe.
    public var weights: [Double]

    /// A decision from its parts.
    public init(
        asOf: TradingDate, inputStart: TradingDate, sleeves: [SleeveOutcome], components: [AssetComponent],
        excluded: [AssetExclusion], momentumScores: [MomentumScore], notes: [String], symbols: [String],
        weights: [Double]
    ) {
        self.asOf = asOf
        self.inputStart = inputStart
        self.sleeves = sleeves
        self.components = components
        self.excluded = excluded
        self.momentumScores = momentumScores
        self.notes = notes
        self.symbols = symbols
        self.weights = weights
    }

    /// The symbols of `momentumScores`, strongest first, ties by symbol.
    public var momentumRanking: [String] { momentumScores.map(\.symbol) }

    /// The weight of `symbol`, or nil when the decision does not know it.
    public func weight(of symbol: String) -> Double? {
        symbols.firstIndex(of: symbol).map { weights[$0] }
    }
}
