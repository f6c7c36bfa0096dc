import Hummingbird
import IndexEngine
import Projections

/// `GET /api/v1/benchmark/compare`: the index against the S&P 500 over the days both have in a date
/// range, each rebased to 100. Every figure is a decimal (0.05 is 5 %), computed by the one risk-metrics
/// implementation with the configured risk-free rate.
struct BenchmarkController {
    let indexId: String

    struct Performance: Encodable {
        var startValue: Double
        var metrics: RiskMetrics
        var endValue: Double

        enum CodingKeys: String, CodingKey {
            case startValue = "start_value"
            case endValue = "end_value"
            case totalReturn = "total_return"
            case annualizedReturn = "annualized_return"
            case volatility
            case sharpeRatio = "sharpe_ratio"
            case maxDrawdown = "max_drawdown"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(startValue, forKey: .startValue)
            try container.encode(endValue, forKey: .endValue)
            try container.encode(metrics.totalReturn, forKey: .totalReturn)
            try container.encode(metrics.cagr, forKey: .annualizedReturn)
            try container.encode(metrics.annualVolatility, forKey: .volatility)
            try container.encode(metrics.sharpeRatio, forKey: .sharpeRatio)
            try container.encode(metrics.maxDrawdown, forKey: .maxDrawdown)
        }
    }

    struct Outperformance: Encodable {
        var total: Double
        var annualized: Double?
        var relative: BenchmarkRelativeMetrics?

        enum CodingKeys: String, CodingKey {
            case total, annualized, beta, correlation
            case trackingError = "tracking_error"
            case informationRatio = "information_ratio"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(total, forKey: .total)
            try container.encode(annualized, forKey: .annualized)
            try container.encode(relative?.trackingError, forKey: .trackingError)
            try container.encode(relative?.informationRatio, forKey: .informationRatio)
            try container.encode(relative?.beta, forKey: .beta)
            try container.encode(relative?.correlation, forKey: .correlation)
        }
    }

    struct Comparison: ResponseEncodable {
        var startDate: String
        var endDate: String
        var autoindex: Performance
        var sp500: Performance
        var outperformance: Outperformance

        enum CodingKeys: String, CodingKey {
            case startDate = "start_date"
            case endDate = "end_date"
            case autoindex, sp500, outperformance
        }
    }

    func addRoutes(to api: APIRouter) {
        api.cachedGet("/api/v1/benchmark/compare", reads: ["index_history", "benchmark_series", "strategy_config"]) {
            request, _, view in
            let range = try DateRange(request)
            let index = try await view.history.values(indexId: indexId, from: range.start, to: range.end)
            guard !index.isEmpty else { throw APIError.notFound("No index data available for comparison") }
            let sp500 = try await view.benchmark.series(symbol: "SPX", from: range.start, to: range.end)
            guard !sp500.isEmpty else { throw APIError.notFound("No S&P 500 data for comparison period") }
            let levels = Dictionary(sp500.map { ($0.date, $0.value) }, uniquingKeysWith: { _, last in last })
            let common = index.compactMap { value in levels[value.date].map { (value.date, value.value, $0) } }
            guard common.count >= 2, let first = common.first, let last = common.last else {
                throw APIError.validation(
                    "the range holds fewer than 2 days with both an index value and an S&P 500 level")
            }
            let dates = common.map(\.0)
            let indexValues = common.map { $0.1 / first.1 * 100 }
            let benchmarkValues = common.map { $0.2 / first.2 * 100 }
            let riskFree = try await view.configs.current(indexId: indexId)?.config.riskFreeRate ?? 0
            let ours = try RiskMetrics.compute(
                dates: dates, values: indexValues, benchmarkDates: dates, benchmarkValues: benchmarkValues,
                annualRiskFreeRate: riskFree)
            let theirs = try RiskMetrics.compute(
                dates: dates, values: benchmarkValues, annualRiskFreeRate: riskFree)
            return Comparison(
                startDate: first.0, endDate: last.0,
                autoindex: Performance(
                    startValue: 100, metrics: ours, endValue: indexValues[indexValues.count - 1]),
                sp500: Performance(
                    startValue: 100, metrics: theirs, endValue: benchmarkValues[benchmarkValues.count - 1]),
                outperformance: Outperformance(
                    total: ours.totalReturn - theirs.totalReturn,
                    annualized: ours.cagr.flatMap { a in theirs.cagr.map { a - $0 } }, relative: ours.benchmark))
        }
    }
}
