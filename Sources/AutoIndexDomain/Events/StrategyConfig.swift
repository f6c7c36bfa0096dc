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

    /// The JSON names of every field, in declaration order.
    public static var fieldNames: [String] { StrategyField.all.map(\.name) }
}

extension StrategyConfig {
    /// Writes every field of ``StrategyField/all`` (an unset bound is left out).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NamedKey.self)
        for field in StrategyField.all { try field.encode(self, to: &container, forKey: NamedKey(field.name)) }
    }

    /// Reads a configuration with every field of ``StrategyField/all`` (the bounds may be left out).
    /// - Throws: `DecodingError` for a missing field or a value of the wrong type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NamedKey.self)
        var config = StrategyDefaults.config
        for field in StrategyField.all {
            let key = NamedKey(field.name)
            if let value = try field.decode(from: container, forKey: key) {
                field.assign(value, to: &config)
            } else if field.kind == .bound {
                field.assign(.unset, to: &config)
            } else {
                throw DecodingError.keyNotFound(
                    key, .init(codingPath: container.codingPath, debugDescription: "config lacks \"\(field.name)\""))
            }
        }
        self = config
    }

    /// Reads a configuration object as the log stores it.
    /// - Throws: `EventStoreError.corruptRecord` naming a missing field.
    public init(json reader: inout JSONReader) throws {
        var config = StrategyDefaults.config
        var missing = StrategyField.all.filter { $0.kind != .bound }.map(\.name)
        for field in StrategyField.all where field.kind == .bound { field.assign(.unset, to: &config) }
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            guard let field = StrategyField.named(key.description) else {
                try reader.skipValue()
                continue
            }
            field.assign(try field.read(&reader), to: &config)
            missing.removeAll { $0 == field.name }
        }
        if let first = missing.first { throw EventStoreError.corruptRecord("config lacks \"\(first)\"") }
        self = config
    }
}
