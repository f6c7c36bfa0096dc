import IndexEngine

extension StrategyConfig {
    /// The engine's cleaning rules for this configuration.
    /// - Throws: `EngineError.invalidRules` for a value out of range.
    public func cleaningRules() throws(EngineError) -> CleaningRules {
        try CleaningRules(
            minPrice: minPrice, maxForwardFillDays: maxForwardFillDays, minDailyReturn: minDailyReturn,
            maxDailyReturn: maxDailyReturn, outlierStdThreshold: outlierStdThreshold)
    }

    /// The engine's blend parameters for this configuration.
    /// - Throws: `EngineError.invalidParameters` for an unknown risk-parity method.
    public func strategyParameters() throws(EngineError) -> StrategyParameters {
        guard let method = RiskParityMethod(rawValue: riskParityMethod) else {
            throw .invalidParameters(
                "risk_parity_method \(riskParityMethod) is not inverse_volatility or equal_risk_contribution")
        }
        return StrategyParameters(
            momentumWeight: momentumWeight, marketCapWeight: marketCapWeight, riskParityWeight: riskParityWeight,
            momentumDays: momentumLookbackDays, momentumThreshold: momentumThreshold, riskParityMethod: method,
            volatilityLookback: volatilityLookbackDays, minWeight: minWeight, maxWeight: maxWeight)
    }

    /// The rebalance schedule of `rebalance_frequency`.
    /// - Throws: `EngineError.invalidParameters` for an unknown frequency.
    public func schedule() throws(EngineError) -> RebalanceSchedule {
        guard let schedule = RebalanceSchedule(rebalanceFrequency) else {
            throw .invalidParameters(
                "rebalance_frequency \(rebalanceFrequency) is not daily, weekly, monthly, quarterly, yearly or drift:<band>"
            )
        }
        return schedule
    }

    /// The first trading row at which the strategy has the history it needs.
    public var warmUpDays: Int { max(momentumLookbackDays, volatilityLookbackDays) }
}
