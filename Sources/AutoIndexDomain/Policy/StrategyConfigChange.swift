import EventSourcing
import IndexEngine

/// The decider of strategy changes: validates the configuration a patch makes and plans its
/// `ConfigUpdated`, under the strategy stream's version.
public enum StrategyConfigChange {
    /// The sleeve weights must sum to 1 within this (the engine's own tolerance).
    public static let sumTolerance = 1e-9

    /// Every reason `config` cannot be used, each naming its field; empty when it is valid.
    public static func problems(_ config: StrategyConfig) -> [String] {
        var problems: [String] = []
        func check(_ ok: Bool, _ problem: @autoclosure () -> String) { if !ok { problems.append(problem()) } }
        func within(_ name: String, _ value: Double, _ range: ClosedRange<Double>) {
            check(
                value.isFinite && range.contains(value),
                "\(name): \(value) is not between \(range.lowerBound) and \(range.upperBound)")
        }
        func within(_ name: String, _ value: Int, _ range: ClosedRange<Int>) {
            check(range.contains(value), "\(name): \(value) is not between \(range.lowerBound) and \(range.upperBound)")
        }
        within("momentum_weight", config.momentumWeight, 0...1)
        within("market_cap_weight", config.marketCapWeight, 0...1)
        within("risk_parity_weight", config.riskParityWeight, 0...1)
        let sum = config.momentumWeight + config.marketCapWeight + config.riskParityWeight
        check(
            !sum.isFinite || abs(sum - 1) <= sumTolerance,
            "momentum_weight + market_cap_weight + risk_parity_weight: sum to \(sum), not 1")
        within("momentum_lookback_days", config.momentumLookbackDays, 1...1260)
        within("momentum_threshold", config.momentumThreshold, -1...10)
        check(
            RiskParityMethod(rawValue: config.riskParityMethod) != nil,
            "risk_parity_method: \"\(config.riskParityMethod)\" is not inverse_volatility or equal_risk_contribution")
        within("volatility_lookback_days", config.volatilityLookbackDays, 2...1260)
        within("min_price", config.minPrice, 0.01...1_000_000)
        within("max_forward_fill_days", config.maxForwardFillDays, 0...30)
        within("min_daily_return", config.minDailyReturn, -10 ... -0.01)
        within("max_daily_return", config.maxDailyReturn, 0.01...10)
        within("outlier_std_threshold", config.outlierStdThreshold, 1...10)
        check(
            isFrequency(config.rebalanceFrequency),
            "rebalance_frequency: \"\(config.rebalanceFrequency)\" is not daily, weekly, monthly, quarterly, yearly or drift:<band>"
        )
        if let minWeight = config.minWeight { within("min_weight", minWeight, 0...1) }
        if let maxWeight = config.maxWeight {
            check(
                maxWeight.isFinite && maxWeight > 0 && maxWeight <= 1,
                "max_weight: \(maxWeight) is not above 0 and at most 1")
        }
        if let minWeight = config.minWeight, let maxWeight = config.maxWeight {
            check(minWeight <= maxWeight, "min_weight: \(minWeight) is above max_weight \(maxWeight)")
        }
        within("risk_free_rate", config.riskFreeRate, -0.1...0.5)
        return problems
    }

    /// A frequency the engine runs and the event schema records: a calendar period, or `drift:` with a
    /// plain decimal band above 0 and at most 1 (`drift:0.05` rebalances when a weight drifts 5 points).
    static func isFrequency(_ text: String) -> Bool {
        if ["daily", "weekly", "monthly", "quarterly", "yearly"].contains(text) { return true }
        guard text.hasPrefix("drift:") else { return false }
        let band = text.dropFirst("drift:".count)
        let digits = band.filter { $0 != "." }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            band.filter({ $0 == "." }).count <= 1, !band.hasSuffix("."), let value = Double(band)
        else { return false }
        return value > 0 && value <= 1
    }

    /// The outcome of a change.
    public struct Decision: Sendable, Hashable {
        /// The configuration in force afterwards.
        public var config: ConfigUpdated
        /// Empty when the patch changes nothing.
        public var append: PlannedAppend
    }

    /// Plans the change of `current` (the stream at `version`) by `patch`.
    /// - Throws: `StrategyConfigError` listing every problem.
    public static func decide(_ patch: StrategyConfigPatch, current: ConfigUpdated, version: Int64)
        throws(StrategyConfigError) -> Decision
    {
        var problems = patch.unknownFields.map { "\($0): unknown field" }
        if let reason = patch.reason, reason.count > 500 { problems.append("reason: longer than 500 characters") }
        let next = patch.applied(to: current.config)
        problems += Self.problems(next)
        guard problems.isEmpty else { throw StrategyConfigError(problems: problems) }
        let changed = changedFields(from: current.config, to: next)
        guard !changed.isEmpty else { return Decision(config: current, append: PlannedAppend()) }
        let event = ConfigUpdated(
            indexId: current.indexId, configVersion: current.configVersion + 1, config: next, changedFields: changed,
            reason: patch.reason)
        let stream = IndexStreams.strategy(current.indexId)
        return Decision(
            config: event,
            append: PlannedAppend([
                .init(stream: stream, expectedVersion: .after(version), events: [PlannedEvent(event)])
            ]))
    }

    /// The names of the fields that differ, in declaration order.
    public static func changedFields(from old: StrategyConfig, to new: StrategyConfig) -> [String] {
        let pairs: [(String, Bool)] = [
            ("momentum_weight", old.momentumWeight != new.momentumWeight),
            ("market_cap_weight", old.marketCapWeight != new.marketCapWeight),
            ("risk_parity_weight", old.riskParityWeight != new.riskParityWeight),
            ("momentum_lookback_days", old.momentumLookbackDays != new.momentumLookbackDays),
            ("momentum_threshold", old.momentumThreshold != new.momentumThreshold),
            ("risk_parity_method", old.riskParityMethod != new.riskParityMethod),
            ("volatility_lookback_days", old.volatilityLookbackDays != new.volatilityLookbackDays),
            ("min_price", old.minPrice != new.minPrice),
            ("max_forward_fill_days", old.maxForwardFillDays != new.maxForwardFillDays),
            ("min_daily_return", old.minDailyReturn != new.minDailyReturn),
            ("max_daily_return", old.maxDailyReturn != new.maxDailyReturn),
            ("outlier_std_threshold", old.outlierStdThreshold != new.outlierStdThreshold),
            ("rebalance_frequency", old.rebalanceFrequency != new.rebalanceFrequency),
            ("min_weight", old.minWeight != new.minWeight),
            ("max_weight", old.maxWeight != new.maxWeight),
            ("risk_free_rate", old.riskFreeRate != new.riskFreeRate),
        ]
        return pairs.filter(\.1).map(\.0)
    }
}

/// A strategy change that cannot be made, with every problem named by field.
public struct StrategyConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String { problems.joined(separator: "; ") }
}
