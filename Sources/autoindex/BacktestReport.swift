import IndexEngine

/// The JSON of `autoindex backtest --json`.
struct BacktestReport: Encodable {
    struct Point: Encodable {
        var date: String
        var value: Double
    }

    struct Rebalance: Encodable {
        var date: String
        var weights: [String: Double]
    }

    /// Exactly the metric keys the command documents; undefined figures are `null`.
    struct Metrics: Encodable {
        var metrics: RiskMetrics

        enum Key: String, CodingKey {
            case totalReturn = "total_return"
            case cagr
            case annualVolatility = "annual_volatility"
            case sharpeRatio = "sharpe_ratio"
            case sortinoRatio = "sortino_ratio"
            case downsideRisk = "downside_risk"
            case maxDrawdown = "max_drawdown"
            case maxDrawdownPeakDate = "max_drawdown_peak_date"
            case maxDrawdownTroughDate = "max_drawdown_trough_date"
            case maxDrawdownRecoveryDate = "max_drawdown_recovery_date"
            case calmarRatio = "calmar_ratio"
            case var95 = "var_95"
            case var99 = "var_99"
            case cvar95 = "cvar_95"
            case beta, correlation, alpha
            case trackingError = "tracking_error"
            case informationRatio = "information_ratio"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(metrics.totalReturn, forKey: .totalReturn)
            try container.encode(metrics.cagr, forKey: .cagr)
            try container.encode(metrics.annualVolatility, forKey: .annualVolatility)
            try container.encode(metrics.sharpeRatio, forKey: .sharpeRatio)
            try container.encode(metrics.sortinoRatio, forKey: .sortinoRatio)
            try container.encode(metrics.downsideRisk, forKey: .downsideRisk)
            try container.encode(metrics.maxDrawdown, forKey: .maxDrawdown)
            try container.encode(metrics.maxDrawdownPeakDate, forKey: .maxDrawdownPeakDate)
            try container.encode(metrics.maxDrawdownTroughDate, forKey: .maxDrawdownTroughDate)
            try container.encode(metrics.maxDrawdownRecoveryDate, forKey: .maxDrawdownRecoveryDate)
            try container.encode(metrics.calmarRatio, forKey: .calmarRatio)
            try container.encode(metrics.var95, forKey: .var95)
            try container.encode(metrics.var99, forKey: .var99)
            try container.encode(metrics.cvar95, forKey: .cvar95)
            if let benchmark = metrics.benchmark {
                try container.encode(benchmark.beta, forKey: .beta)
                try container.encode(benchmark.correlation, forKey: .correlation)
                try container.encode(benchmark.alpha, forKey: .alpha)
                try container.encode(benchmark.trackingError, forKey: .trackingError)
                try container.encode(benchmark.informationRatio, forKey: .informationRatio)
            }
        }
    }

    var startDate: String
    var endDate: String
    var nReturns: Int
    var startValue: Double
    var endValue: Double
    var series: [Point]
    var rebalances: [Rebalance]
    var metrics: Metrics

    enum CodingKeys: String, CodingKey {
        case startDate = "start_date"
        case endDate = "end_date"
        case nReturns = "n_returns"
        case startValue = "start_value"
        case endValue = "end_value"
        case series, rebalances, metrics
    }
}
