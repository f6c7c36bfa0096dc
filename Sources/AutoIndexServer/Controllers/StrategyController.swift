import AutoIndexDomain
import Foundation
import Hummingbird
import IndexEngine
import Projections

/// `/api/v1/strategy/…` queries: the configuration in force, its change history, and the risk metrics.
struct StrategyController {
    let indexId: String
    let configs: StrategyConfigQueries
    let allocation: AllocationQueries
    let risk: RiskMetricsQueries

    /// The configuration in force: every field, the original's names where they differ, and who set it.
    struct Config: ResponseEncodable {
        var record: StrategyConfigRecord
        var lastRebalance: String?

        enum Key: String, CodingKey {
            case configVersion = "config_version"
            case minPriceThreshold = "min_price_threshold"
            case dailyDropThreshold = "daily_drop_threshold"
            case aiAdjusted = "ai_adjusted"
            case aiAdjustmentReason = "ai_adjustment_reason"
            case aiConfidenceScore = "ai_confidence_score"
            case lastRebalance = "last_rebalance"
            case updatedAt = "updated_at"
            case updatedBy = "updated_by"
            case reason
        }

        func encode(to encoder: any Encoder) throws {
            try record.config.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(record.configVersion, forKey: .configVersion)
            try container.encode(record.config.minPrice, forKey: .minPriceThreshold)
            try container.encodeNil(forKey: .dailyDropThreshold)
            try container.encode(false, forKey: .aiAdjusted)
            try container.encodeNil(forKey: .aiAdjustmentReason)
            try container.encodeNil(forKey: .aiConfidenceScore)
            try container.encode(lastRebalance, forKey: .lastRebalance)
            try container.encode(record.recordedAt, forKey: .updatedAt)
            try container.encode(record.actor, forKey: .updatedBy)
            try container.encode(record.reason, forKey: .reason)
        }
    }

    struct History: ResponseEncodable {
        var history: [StrategyConfigRecord]
    }

    /// The original's `metrics` rows (decimals here, never percent), and every period in full.
    struct Metrics: ResponseEncodable {
        struct Row: Encodable {
            var metrics: RiskMetrics

            enum Key: String, CodingKey {
                case date
                case totalReturn = "total_return"
                case annualizedReturn = "annualized_return"
                case sharpeRatio = "sharpe_ratio"
                case sortinoRatio = "sortino_ratio"
                case maxDrawdown = "max_drawdown"
                case currentDrawdown = "current_drawdown"
                case volatility
                case var95 = "var_95"
                case var99 = "var_99"
                case betaSP500 = "beta_sp500"
                case correlationSP500 = "correlation_sp500"
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(metrics.endDate, forKey: .date)
                try container.encode(metrics.totalReturn, forKey: .totalReturn)
                try container.encode(metrics.cagr, forKey: .annualizedReturn)
                try container.encode(metrics.sharpeRatio, forKey: .sharpeRatio)
                try container.encode(metrics.sortinoRatio, forKey: .sortinoRatio)
                try container.encode(metrics.maxDrawdown, forKey: .maxDrawdown)
                try container.encode(metrics.currentDrawdown, forKey: .currentDrawdown)
                try container.encode(metrics.annualVolatility, forKey: .volatility)
                try container.encode(metrics.var95, forKey: .var95)
                try container.encodeNil(forKey: .var99)
                try container.encode(metrics.benchmark?.beta, forKey: .betaSP500)
                try container.encode(metrics.benchmark?.correlation, forKey: .correlationSP500)
            }
        }

        var metrics: [Row]
        var periods: [RiskMetricsRecord]
    }

    func addRoutes(to api: APIRouter<some RequestContext>) {
        api.get("/api/v1/strategy/config") { _, _ in
            guard let record = try await configs.current(indexId: indexId) else {
                throw APIError.notFound("Strategy configuration not found")
            }
            return Config(record: record, lastRebalance: try await allocation.current(indexId: indexId)?.asOfDate)
        }
        api.get("/api/v1/strategy/config/history") { _, _ in
            History(history: try await configs.history(indexId: indexId, newestFirst: true))
        }
        api.get("/api/v1/strategy/risk-metrics") { _, _ in
            let periods = try await risk.metrics(indexId: indexId)
            return Metrics(
                metrics: periods.filter { $0.period == "all" }.map { Metrics.Row(metrics: $0.metrics) },
                periods: periods)
        }
    }
}
