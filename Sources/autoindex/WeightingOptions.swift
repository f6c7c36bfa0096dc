import ArgumentParser
import AutoIndexDomain
import IndexEngine

/// The weighting options shared by `backtest` and `weights`.
struct WeightingOptions: ParsableArguments {
    @Option(help: "Trading days of returns in volatility and covariance (N returns, N+1 closes; default 63).")
    var lookback: Int?

    @Option(
        name: .customLong("momentum-days"),
        help: "Momentum as close[t] / close[t-N] - 1, N in trading rows (default 252).")
    var momentumDays: Int?

    @Option(
        name: .customLong("momentum-threshold"), help: "Assets with momentum below this are excluded (default: none).")
    var momentumThreshold: Double?

    @Option(name: .customLong("min-weight"), help: "Blend only: the least weight of an included asset.")
    var minWeight: Double?

    @Option(name: .customLong("max-weight"), help: "Blend only: the most weight of any asset.")
    var maxWeight: Double?

    /// The engine method for `name`.
    func method(_ name: String) throws -> WeightingMethod {
        let lookback = lookback ?? StrategyDefaults.config.volatilityLookbackDays
        let momentumDays = momentumDays ?? StrategyDefaults.config.momentumLookbackDays
        switch name {
        case "equal": return .equal
        case "momentum": return .momentum(days: momentumDays, threshold: momentumThreshold)
        case "inverse-volatility": return .inverseVolatility(lookback: lookback)
        case "equal-risk-contribution": return .equalRiskContribution(lookback: lookback)
        case "blend":
            let defaults = StrategyDefaults.config
            return .blend(
                StrategyParameters(
                    momentumWeight: defaults.momentumWeight, marketCapWeight: defaults.marketCapWeight,
                    riskParityWeight: defaults.riskParityWeight, momentumDays: momentumDays,
                    momentumThreshold: momentumThreshold, riskParityMethod: .inverseVolatility,
                    volatilityLookback: lookback, minWeight: minWeight, maxWeight: maxWeight))
        default:
            throw ValidationError(
                "unknown weighting \(name): use equal, momentum, inverse-volatility, equal-risk-contribution or blend")
        }
    }
}
