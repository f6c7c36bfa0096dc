import EventSourcing

/// The full strategy configuration of an index, as recorded in `ConfigUpdated`.
///
/// Sleeve weights blend the momentum, market-cap and risk-parity sleeves and sum to 1.
public struct StrategyConfig: Codable, Sendable, Hashable {
    public var momentumWeight: Double
    public var marketCapWeight: Double
    public var riskParityWeight: Double
    /// Trading days in the momentum return.
    public var momentumLookbackDays: Int
    /// Assets whose momentum is below this are excluded from the momentum sleeve.
    public var momentumThreshold: Double
    /// `inverse_volatility` or `equal_risk_contribution`.
    public var riskParityMethod: String
    /// Trading days of returns in the volatility and covariance estimates.
    public var volatilityLookbackDays: Int
    /// Closes below this are treated as missing.
    public var minPrice: Double
    /// Missing closes are carried forward at most this many trading days.
    public var maxForwardFillDays: Int
    /// Daily returns are capped to `[min_daily_return, max_daily_return]`.
    public var minDailyReturn: Double
    public var maxDailyReturn: Double
    /// A return more than this many standard deviations (of past returns only) is an outlier.
    public var outlierStdThreshold: Double
    /// `daily`, `weekly`, `monthly`, `quarterly`, `yearly` or `drift:<band>`.
    public var rebalanceFrequency: String
    public var minWeight: Double?
    public var maxWeight: Double?
    /// Annual risk-free rate, a decimal (0.02 is 2 %).
    public var riskFreeRate: Double

    public init(
        momentumWeight: Double, marketCapWeight: Double, riskParityWeight: Double, momentumLookbackDays: Int,
        momentumThreshold: Double, riskParityMethod: String, volatilityLookbackDays: Int, minPrice: Double,
        maxForwardFillDays: Int, minDailyReturn: Double, maxDailyReturn: Double, outlierStdThreshold: Double,
        rebalanceFrequency: String, minWeight: Double?, maxWeight: Double?, riskFreeRate: Double
    ) {
        self.momentumWeight = momentumWeight
        self.marketCapWeight = marketCapWeight
        self.riskParityWeight = riskParityWeight
        self.momentumLookbackDays = momentumLookbackDays
        self.momentumThreshold = momentumThreshold
        self.riskParityMethod = riskParityMethod
        self.volatilityLookbackDays = volatilityLookbackDays
        self.minPrice = minPrice
        self.maxForwardFillDays = maxForwardFillDays
        self.minDailyReturn = minDailyReturn
        self.maxDailyReturn = maxDailyReturn
        self.outlierStdThreshold = outlierStdThreshold
        self.rebalanceFrequency = rebalanceFrequency
        self.minWeight = minWeight
        self.maxWeight = maxWeight
        self.riskFreeRate = riskFreeRate
    }

    enum CodingKeys: String, CodingKey {
        case momentumWeight = "momentum_weight"
        case marketCapWeight = "market_cap_weight"
        case riskParityWeight = "risk_parity_weight"
        case momentumLookbackDays = "momentum_lookback_days"
        case momentumThreshold = "momentum_threshold"
        case riskParityMethod = "risk_parity_method"
        case volatilityLookbackDays = "volatility_lookback_days"
        case minPrice = "min_price"
        case maxForwardFillDays = "max_forward_fill_days"
        case minDailyReturn = "min_daily_return"
        case maxDailyReturn = "max_daily_return"
        case outlierStdThreshold = "outlier_std_threshold"
        case rebalanceFrequency = "rebalance_frequency"
        case minWeight = "min_weight"
        case maxWeight = "max_weight"
        case riskFreeRate = "risk_free_rate"
    }

    /// Reads a configuration object.
    public init(json reader: inout JSONReader) throws {
        var doubles: [String: Double] = [:]
        var ints: [String: Int] = [:]
        var strings: [String: String] = [:]
        var minWeight: Double?
        var maxWeight: Double?
        try reader.readObject { key, reader in
            switch key {
            case "momentum_lookback_days", "volatility_lookback_days", "max_forward_fill_days":
                ints[key] = try reader.readInt()
            case "risk_parity_method", "rebalance_frequency":
                strings[key] = try reader.readString()
            case "min_weight": minWeight = try reader.readOptionalDouble()
            case "max_weight": maxWeight = try reader.readOptionalDouble()
            case "momentum_weight", "market_cap_weight", "risk_parity_weight", "momentum_threshold", "min_price",
                "min_daily_return", "max_daily_return", "outlier_std_threshold", "risk_free_rate":
                doubles[key] = try reader.readDouble()
            default: try reader.skipValue()
            }
        }
        func double(_ key: String) throws -> Double {
            guard let value = doubles[key] else { throw EventStoreError.corruptRecord("config lacks \"\(key)\"") }
            return value
        }
        func int(_ key: String) throws -> Int {
            guard let value = ints[key] else { throw EventStoreError.corruptRecord("config lacks \"\(key)\"") }
            return value
        }
        func string(_ key: String) throws -> String {
            guard let value = strings[key] else { throw EventStoreError.corruptRecord("config lacks \"\(key)\"") }
            return value
        }
        self.init(
            momentumWeight: try double("momentum_weight"), marketCapWeight: try double("market_cap_weight"),
            riskParityWeight: try double("risk_parity_weight"), momentumLookbackDays: try int("momentum_lookback_days"),
            momentumThreshold: try double("momentum_threshold"), riskParityMethod: try string("risk_parity_method"),
            volatilityLookbackDays: try int("volatility_lookback_days"), minPrice: try double("min_price"),
            maxForwardFillDays: try int("max_forward_fill_days"), minDailyReturn: try double("min_daily_return"),
            maxDailyReturn: try double("max_daily_return"), outlierStdThreshold: try double("outlier_std_threshold"),
            rebalanceFrequency: try string("rebalance_frequency"), minWeight: minWeight, maxWeight: maxWeight,
            riskFreeRate: try double("risk_free_rate"))
    }
}
