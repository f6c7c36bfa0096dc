/// The strategy an index starts with, appended as `ConfigUpdated` version 1 at first start.
public enum StrategyDefaults {
    /// A blend of momentum (252 days), market cap and inverse-volatility risk parity (63 days), monthly.
    ///
    /// The bundled data has no market caps, so that sleeve is left out and the other two are
    /// renormalised (4/7 and 3/7); every `WeightsCalculated` says so. The minimum price is a cent
    /// because the bundled closes are split-adjusted: early-1990s prices of some stocks are below $1.
    public static let config = StrategyConfig(
        momentumWeight: 0.4, marketCapWeight: 0.3, riskParityWeight: 0.3, momentumLookbackDays: 252,
        momentumThreshold: 0, riskParityMethod: "inverse_volatility", volatilityLookbackDays: 63, minPrice: 0.01,
        maxForwardFillDays: 5, minDailyReturn: -0.5, maxDailyReturn: 0.5, outlierStdThreshold: 10,
        rebalanceFrequency: "monthly", minWeight: nil, maxWeight: 0.25, riskFreeRate: 0.02)

    /// The first configuration of `indexId`, naming every field as changed.
    public static func initialConfig(indexId: String) -> ConfigUpdated {
        ConfigUpdated(
            indexId: indexId, configVersion: 1, config: config, changedFields: StrategyConfig.fieldNames,
            reason: "default configuration at first start")
    }
}
