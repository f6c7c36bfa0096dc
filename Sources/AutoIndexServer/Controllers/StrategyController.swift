import AutoIndexDomain
import EventSourcing
import Foundation
import Hummingbird
import IndexEngine
import IndexService
import Projections

/// `/api/v1/strategy/…`: the configuration in force, its change history and the risk metrics, and the
/// admin commands that change the configuration and rebalance.
struct StrategyController {
    let indexId: String
    let allocation: AllocationQueries
    let desk: IndexDesk

    /// The answer to a configuration change.
    struct ConfigChanged: ResponseEncodable {
        var message: String
        var configVersion: Int
        var config: StrategyConfig
        var changedFields: [String]
        var position: Int64
        var rebalanced: Bool

        enum CodingKeys: String, CodingKey {
            case message, config, position, rebalanced
            case configVersion = "config_version"
            case changedFields = "changed_fields"
        }
    }

    struct ReplayBody: Decodable {
        var config: StrategyConfigPatch?
        var startDate: String?
        var endDate: String?

        enum CodingKeys: String, CodingKey {
            case config
            case startDate = "start_date"
            case endDate = "end_date"
        }
    }

    struct Replayed: ResponseEncodable {
        var comparison: StrategyReplay.Comparison

        func encode(to encoder: any Encoder) throws { try comparison.encode(to: encoder) }
    }

    struct RebalanceBody: Decodable {
        var reason: String?
    }

    struct Rebalanced: ResponseEncodable {
        var message: String
        var date: String
        var position: Int64
    }

    /// The configuration in force: every field of ``StrategyField/all``, then every name of
    /// ``StrategyField/returnedReadOnly`` (who set it, when and why, and the original's names).
    struct Config: ResponseEncodable {
        var record: StrategyConfigRecord
        var lastRebalance: String?

        func encode(to encoder: any Encoder) throws {
            try record.config.encode(to: encoder)
            var container = encoder.container(keyedBy: NamedKey.self)
            for name in StrategyField.returnedReadOnly {
                let key = NamedKey(name)
                switch name {
                case "config_version": try container.encode(record.configVersion, forKey: key)
                case "min_price_threshold": try container.encode(record.config.minPrice, forKey: key)
                case "ai_adjusted": try container.encode(false, forKey: key)
                case "last_rebalance": try container.encode(lastRebalance, forKey: key)
                case "updated_at": try container.encode(record.recordedAt, forKey: key)
                case "updated_by": try container.encode(record.actor, forKey: key)
                case "reason": try container.encode(record.reason, forKey: key)
                default: try container.encodeNil(forKey: key)
                }
            }
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
                try container.encode(metrics.var99, forKey: .var99)
                try container.encode(metrics.benchmark?.beta, forKey: .betaSP500)
                try container.encode(metrics.benchmark?.correlation, forKey: .correlationSP500)
            }
        }

        var metrics: [Row]
        var periods: [RiskMetricsRecord]
    }

    func addRoutes(to api: APIRouter) {
        api.cachedGet("/api/v1/strategy/config", reads: ["strategy_config", "current_allocation"], pointInTime: true) {
            _, _, view in
            guard let record = try await view.configs.current(indexId: indexId) else {
                throw APIError.notFound(
                    "Strategy configuration not found" + (view.asOf.map { " as of log position \($0)" } ?? ""))
            }
            return Config(
                record: record, lastRebalance: try await view.allocation.current(indexId: indexId)?.asOfDate)
        }
        api.put("/api/v1/strategy/config", access: .admin) { request, context in
            let patch = try await request.decodeJSON(StrategyConfigPatch.self)
            let recompute = try Self.flag(request, "recompute", default: true)
            let outcome = try await desk.changeConfig(
                patch, actor: try context.requireIdentity().actor, recompute: recompute)
            let rebalanced = (outcome.update?.rebalances ?? 0) > 0
            let message =
                !outcome.changed
                ? "Configuration unchanged"
                : rebalanced ? "Configuration updated and index rebalanced" : "Configuration updated"
            return ConfigChanged(
                message: message, configVersion: outcome.config.configVersion, config: outcome.config.config,
                changedFields: outcome.changed ? outcome.config.changedFields : [], position: outcome.position,
                rebalanced: rebalanced)
        }
        api.post("/api/v1/strategy/rebalance", access: .admin) { request, context in
            let buffer = try await request.body.collect(upTo: 65_536)
            let reason =
                buffer.readableBytes == 0
                ? nil : try JSONDecoder().decode(RebalanceBody.self, from: Data(buffer: buffer)).reason
            guard try await allocation.current(indexId: indexId) != nil else {
                throw APIError.notFound("No index computed yet: import market data first")
            }
            let summary = try await desk.update(
                request: .manual(reason: reason), actor: try context.requireIdentity().actor)
            guard let position = summary.lastPosition else {
                throw APIError.conflict(
                    "nothing was rebalanced: no asset is eligible under configuration version \(summary.configVersion) on \(summary.lastValuedDate ?? "the last valued day")"
                )
            }
            return Rebalanced(
                message: "Rebalancing completed successfully",
                date: summary.lastValuedDate ?? "",
                position: position)
        }
        api.post("/api/v1/strategy/replay") { request, _ in
            let body = try await request.decodeJSON(ReplayBody.self)
            var problems: [String] = []
            for (name, value) in [("start_date", body.startDate), ("end_date", body.endDate)] {
                if let value, TradingDate(value) == nil {
                    problems.append("\(name): \"\(value)\" is not a date YYYY-MM-DD")
                }
            }
            guard problems.isEmpty else { throw APIError.validation(problems.joined(separator: "; ")) }
            return Replayed(
                comparison: try await desk.whatIf(
                    body.config ?? StrategyConfigPatch(), start: body.startDate, end: body.endDate))
        }
        api.cachedGet("/api/v1/strategy/config/history", reads: ["strategy_config"], pointInTime: true) { _, _, view in
            History(history: try await view.configs.history(indexId: indexId, newestFirst: true))
        }
        api.cachedGet("/api/v1/strategy/risk-metrics", reads: ["risk_metrics"], pointInTime: true) { _, _, view in
            let periods = try await view.risk.metrics(indexId: indexId)
            return Metrics(
                metrics: periods.filter { $0.period == "all" }.map { Metrics.Row(metrics: $0.metrics) },
                periods: periods)
        }
    }

    /// A boolean query parameter (`true`/`false`, `1`/`0`).
    /// - Throws: `APIError` 422 for another value.
    static func flag(_ request: Request, _ name: String, default fallback: Bool) throws -> Bool {
        guard let text = request.uri.queryParameters[Substring(name)] else { return fallback }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.validation("\(name): \"\(text)\" is not true or false")
        }
    }
}
