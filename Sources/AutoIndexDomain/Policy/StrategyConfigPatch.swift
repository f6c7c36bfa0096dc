/// The fields of a strategy configuration a caller wants to change; the rest keep their value.
///
/// Accepts the configuration's own field names plus the original service's `min_price_threshold`
/// (an alias of `min_price`) and `daily_drop_threshold` (accepted and ignored: this engine has no
/// such rule). Any other field is reported, not silently dropped.
public struct StrategyConfigPatch: Sendable, Hashable, Decodable {
    public var momentumWeight: Double?
    public var marketCapWeight: Double?
    public var riskParityWeight: Double?
    public var momentumLookbackDays: Int?
    public var momentumThreshold: Double?
    public var riskParityMethod: String?
    public var volatilityLookbackDays: Int?
    public var minPrice: Double?
    public var maxForwardFillDays: Int?
    public var minDailyReturn: Double?
    public var maxDailyReturn: Double?
    public var outlierStdThreshold: Double?
    public var rebalanceFrequency: String?
    /// `.some(nil)` clears the bound.
    public var minWeight: Double??
    public var maxWeight: Double??
    public var riskFreeRate: Double?
    /// Why, as the caller said.
    public var reason: String?
    /// Names the caller sent that no configuration has.
    public var unknownFields: [String] = []

    public init() {}

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        func value<Value: Decodable>(_ name: String) throws -> Value? {
            try container.decodeIfPresent(Value.self, forKey: Key(stringValue: name))
        }
        func bound(_ name: String) throws -> Double?? {
            let key = Key(stringValue: name)
            guard container.contains(key) else { return nil }
            return .some(try container.decodeNil(forKey: key) ? nil : try container.decode(Double.self, forKey: key))
        }
        momentumWeight = try value("momentum_weight")
        marketCapWeight = try value("market_cap_weight")
        riskParityWeight = try value("risk_parity_weight")
        momentumLookbackDays = try value("momentum_lookback_days")
        momentumThreshold = try value("momentum_threshold")
        riskParityMethod = try value("risk_parity_method")
        volatilityLookbackDays = try value("volatility_lookback_days")
        minPrice = try value("min_price") ?? value("min_price_threshold")
        maxForwardFillDays = try value("max_forward_fill_days")
        minDailyReturn = try value("min_daily_return")
        maxDailyReturn = try value("max_daily_return")
        outlierStdThreshold = try value("outlier_std_threshold")
        rebalanceFrequency = try value("rebalance_frequency")
        minWeight = try bound("min_weight")
        maxWeight = try bound("max_weight")
        riskFreeRate = try value("risk_free_rate")
        reason = try value("reason")
        let _: Double? = try value("daily_drop_threshold")
        let known = Set(StrategyConfig.fieldNames + ["min_price_threshold", "daily_drop_threshold", "reason"])
        unknownFields = container.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
    }

    /// `config` with the patch's fields set.
    public func applied(to config: StrategyConfig) -> StrategyConfig {
        var next = config
        next.momentumWeight = momentumWeight ?? config.momentumWeight
        next.marketCapWeight = marketCapWeight ?? config.marketCapWeight
        next.riskParityWeight = riskParityWeight ?? config.riskParityWeight
        next.momentumLookbackDays = momentumLookbackDays ?? config.momentumLookbackDays
        next.momentumThreshold = momentumThreshold ?? config.momentumThreshold
        next.riskParityMethod = riskParityMethod ?? config.riskParityMethod
        next.volatilityLookbackDays = volatilityLookbackDays ?? config.volatilityLookbackDays
        next.minPrice = minPrice ?? config.minPrice
        next.maxForwardFillDays = maxForwardFillDays ?? config.maxForwardFillDays
        next.minDailyReturn = minDailyReturn ?? config.minDailyReturn
        next.maxDailyReturn = maxDailyReturn ?? config.maxDailyReturn
        next.outlierStdThreshold = outlierStdThreshold ?? config.outlierStdThreshold
        next.rebalanceFrequency = rebalanceFrequency?.lowercased() ?? config.rebalanceFrequency
        next.minWeight = minWeight ?? config.minWeight
        next.maxWeight = maxWeight ?? config.maxWeight
        next.riskFreeRate = riskFreeRate ?? config.riskFreeRate
        return next
    }
}
