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

    enum CodingKeys: String, CodingKey, CaseIterable {
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

    /// The JSON names of every field, in declaration order.
    public static let fieldNames = CodingKeys.allCases.map(\.rawValue)

    /// Reads a configuration object.
    public init(json reader: inout JSONReader) throws {
        var momentumWeight: Double?
        var marketCapWeight: Double?
        var riskParityWeight: Double?
        var momentumLookbackDays: Int?
        var momentumThreshold: Double?
        var riskParityMethod: String?
        var volatilityLookbackDays: Int?
        var minPrice: Double?
        var maxForwardFillDays: Int?
        var minDailyReturn: Double?
        var maxDailyReturn: Double?
        var outlierStdThreshold: Double?
        var rebalanceFrequency: String?
        var minWeight: Double?
        var maxWeight: Double?
        var riskFreeRate: Double?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "momentum_weight": momentumWeight = try reader.readDouble()
            case "market_cap_weight": marketCapWeight = try reader.readDouble()
            case "risk_parity_weight": riskParityWeight = try reader.readDouble()
            case "momentum_lookback_days": momentumLookbackDays = try reader.readInt()
            case "momentum_threshold": momentumThreshold = try reader.readDouble()
            case "risk_parity_method": riskParityMethod = try reader.readString()
            case "volatility_lookback_days": volatilityLookbackDays = try reader.readInt()
            case "min_price": minPrice = try reader.readDouble()
            case "max_forward_fill_days": maxForwardFillDays = try reader.readInt()
            case "min_daily_return": minDailyReturn = try reader.readDouble()
            case "max_daily_return": maxDailyReturn = try reader.readDouble()
            case "outlier_std_threshold": outlierStdThreshold = try reader.readDouble()
            case "rebalance_frequency": rebalanceFrequency = try reader.readString()
            case "min_weight": minWeight = try reader.readOptionalDouble()
            case "max_weight": maxWeight = try reader.readOptionalDouble()
            case "risk_free_rate": riskFreeRate = try reader.readDouble()
            default: try reader.skipValue()
            }
        }
        func field<Value>(_ value: Value?, _ name: String) throws -> Value {
            guard let value else { throw EventStoreError.corruptRecord("config lacks \"\(name)\"") }
            return value
        }
        self.init(
            momentumWeight: try field(momentumWeight, "momentum_weight"),
            marketCapWeight: try field(marketCapWeight, "market_cap_weight"),
            riskParityWeight: try field(riskParityWeight, "risk_parity_weight"),
            momentumLookbackDays: try field(momentumLookbackDays, "momentum_lookback_days"),
            momentumThreshold: try field(momentumThreshold, "momentum_threshold"),
            riskParityMethod: try field(riskParityMethod, "risk_parity_method"),
            volatilityLookbackDays: try field(volatilityLookbackDays, "volatility_lookback_days"),
            minPrice: try field(minPrice, "min_price"),
            maxForwardFillDays: try field(maxForwardFillDays, "max_forward_fill_days"),
            minDailyReturn: try field(minDailyReturn, "min_daily_return"),
            maxDailyReturn: try field(maxDailyReturn, "max_daily_return"),
            outlierStdThreshold: try field(outlierStdThreshold, "outlier_std_threshold"),
            rebalanceFrequency: try field(rebalanceFrequency, "rebalance_frequency"), minWeight: minWeight,
            maxWeight: maxWeight, riskFreeRate: try field(riskFreeRate, "risk_free_rate"))
    }
}
