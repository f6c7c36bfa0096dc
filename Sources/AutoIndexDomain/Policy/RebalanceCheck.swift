import IndexEngine

/// Recomputes a recorded rebalance from its recorded inputs (the market data up to its last input
/// position, the configuration version it names) and compares the weights, exactly.
public enum RebalanceCheck {
    /// One asset whose weight differs.
    public struct Difference: Sendable, Hashable, Encodable {
        public var symbol: String
        public var recorded: Double?
        public var recomputed: Double?
    }

    /// The outcome of a check.
    public struct Outcome: Sendable, Hashable, Encodable {
        public var rebalanceId: String
        public var asOfDate: String
        public var configVersion: Int
        public var lastInputPosition: Int
        public var matches: Bool
        public var differences: [Difference]
        /// Why the weights could not be recomputed at all, if so.
        public var problem: String?

        public init(
            rebalanceId: String, asOfDate: String, configVersion: Int, lastInputPosition: Int, matches: Bool,
            differences: [Difference], problem: String?
        ) {
            self.rebalanceId = rebalanceId
            self.asOfDate = asOfDate
            self.configVersion = configVersion
            self.lastInputPosition = lastInputPosition
            self.matches = matches
            self.differences = differences
            self.problem = problem
        }

        enum CodingKeys: String, CodingKey {
            case rebalanceId = "rebalance_id"
            case asOfDate = "as_of_date"
            case configVersion = "config_version"
            case lastInputPosition = "last_input_position"
            case matches, differences, problem
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rebalanceId, forKey: .rebalanceId)
            try container.encode(asOfDate, forKey: .asOfDate)
            try container.encode(configVersion, forKey: .configVersion)
            try container.encode(lastInputPosition, forKey: .lastInputPosition)
            try container.encode(matches, forKey: .matches)
            try container.encode(differences, forKey: .differences)
            try container.encode(problem, forKey: .problem)
        }
    }

    /// Checks `recorded` against a recomputation with `config` over `market`, which must hold exactly
    /// the market data up to the rebalance's last input position.
    public static func verify(
        _ recorded: WeightsCalculated, rebalanceId: String, config: StrategyConfig, market: MarketDataLedger
    ) -> Outcome {
        var outcome = Outcome(
            rebalanceId: rebalanceId, asOfDate: recorded.asOfDate, configVersion: recorded.configVersion,
            lastInputPosition: recorded.lastInputPosition, matches: false, differences: [], problem: nil)
        let recomputed: [String: Double]
        do {
            let history = try IndexUniverse.history(of: market, rules: try config.cleaningRules())
            guard let date = TradingDate(recorded.asOfDate), let day = history.index(of: date) else {
                outcome.problem =
                    "the market data up to position \(recorded.lastInputPosition) has no \(recorded.asOfDate)"
                return outcome
            }
            let decision = try WeightEngine.decide(
                .blend(try config.strategyParameters()), history: history, asOf: day,
                marketCaps: market.marketCaps(asOf: recorded.asOfDate))
            recomputed = Dictionary(decision.components.map { ($0.symbol, $0.weight) }, uniquingKeysWith: { $1 })
        } catch {
            outcome.problem = "the weights cannot be recomputed: \(error)"
            return outcome
        }
        let stored = Dictionary(recorded.assets.map { ($0.symbol, $0.weight) }, uniquingKeysWith: { $1 })
        outcome.differences = Set(stored.keys).union(recomputed.keys).sorted().compactMap { symbol in
            stored[symbol] == recomputed[symbol]
                ? nil : Difference(symbol: symbol, recorded: stored[symbol], recomputed: recomputed[symbol])
        }
        outcome.matches = outcome.differences.isEmpty
        return outcome
    }
}
