extension StrategyField {
    /// Every field a client may set, in declaration order (the order of validation messages and of
    /// `changed_fields`).
    public static let all: [StrategyField] = [
        .number("momentum_weight", \.momentumWeight, .within(0...1)),
        .number("market_cap_weight", \.marketCapWeight, .within(0...1)),
        .number("risk_parity_weight", \.riskParityWeight, .within(0...1)),
        .integer("momentum_lookback_days", \.momentumLookbackDays, 1...1260),
        .number("momentum_threshold", \.momentumThreshold, .within(-1...10)),
        .text("risk_parity_method", \.riskParityMethod, .oneOf(["inverse_volatility", "equal_risk_contribution"])),
        .integer("volatility_lookback_days", \.volatilityLookbackDays, 2...1260),
        .number("min_price", \.minPrice, .within(0.01...1_000_000)),
        .integer("max_forward_fill_days", \.maxForwardFillDays, 0...30),
        .number("min_daily_return", \.minDailyReturn, .within(-10 ... -0.01)),
        .number("max_daily_return", \.maxDailyReturn, .within(0.01...10)),
        .number("outlier_std_threshold", \.outlierStdThreshold, .within(1...10)),
        .text("rebalance_frequency", \.rebalanceFrequency, .frequency),
        .bound("min_weight", \.minWeight, .within(0...1)),
        .bound("max_weight", \.maxWeight, .above(0, atMost: 1)),
        .number("risk_free_rate", \.riskFreeRate, .within(-0.1...0.5)),
    ]

    /// What `GET /strategy/config` answers beside the fields: who set the configuration, when and
    /// why, and the original service's names. A patch accepts them back and ignores them (but
    /// `config_version`, which must be the version in force, and `min_price_threshold`, the original's
    /// name of `min_price`).
    public static let returnedReadOnly = [
        "config_version", "min_price_threshold", "daily_drop_threshold", "ai_adjusted", "ai_adjustment_reason",
        "ai_confidence_score", "last_rebalance", "updated_at", "updated_by", "reason",
    ]

    /// The original service's names for fields: a patch may use either.
    public static let aliases = ["min_price_threshold": "min_price"]

    private static let byName = Dictionary(all.map { ($0.name, $0) }) { first, _ in first }

    /// The field whose JSON key is `name`.
    public static func named(_ name: String) -> StrategyField? { byName[name] }

    /// The field at `keyPath`.
    public static func at(_ keyPath: PartialKeyPath<StrategyConfig>) -> StrategyField? {
        all.first { $0.keyPath == keyPath }
    }

    /// Every reason `config` cannot be used, each naming its field, in declaration order; empty when
    /// it is valid. Rules between fields follow the last field they name.
    public static func problems(in config: StrategyConfig) -> [String] {
        all.flatMap { field -> [String] in
            var problems = field.problem(in: config).map { [$0] } ?? []
            switch field.name {
            case "risk_parity_weight":
                let sum = config.momentumWeight + config.marketCapWeight + config.riskParityWeight
                if sum.isFinite && abs(sum - 1) > StrategyConfigChange.sumTolerance {
                    problems.append("momentum_weight + market_cap_weight + risk_parity_weight: sum to \(sum), not 1")
                }
            case "max_weight":
                if let minWeight = config.minWeight, let maxWeight = config.maxWeight, minWeight > maxWeight {
                    problems.append("min_weight: \(minWeight) is above max_weight \(maxWeight)")
                }
            default:
                break
            }
            return problems
        }
    }

    /// The names of the fields that differ, in declaration order.
    public static func changed(from old: StrategyConfig, to new: StrategyConfig) -> [String] {
        all.filter { $0.value(in: old) != $0.value(in: new) }.map(\.name)
    }
}
