import GRDB
import Projections

/// The read models one query answers from: the live ones, or, for `as_of`, those the log gave at an
/// earlier position (built by the same projectors, so the same query answers what it answered then).
struct ReadView: Sendable {
    let database: any DatabaseReader
    /// The log position of a point-in-time view; nil for the live read models.
    let asOf: Int64?

    var allocation: AllocationQueries { AllocationQueries(database: database) }
    var configs: StrategyConfigQueries { StrategyConfigQueries(database: database) }
    var history: IndexHistoryQueries { IndexHistoryQueries(database: database) }
    var risk: RiskMetricsQueries { RiskMetricsQueries(database: database) }
    var prices: AssetPriceQueries { AssetPriceQueries(database: database) }
    var benchmark: BenchmarkQueries { BenchmarkQueries(database: database) }
    var fx: FxRateQueries { FxRateQueries(database: database) }
    var portfolios: PortfolioQueries { PortfolioQueries(database: database) }
    var portfolioViews: PortfolioViews { PortfolioViews(database: database) }
    var rebalances: RebalanceQueries { RebalanceQueries(database: database) }
    var refreshes: RefreshStatusQueries { RefreshStatusQueries(database: database) }

    /// "Run tasks/refresh" for the live view; the position for a past one.
    func missing(_ what: String) -> APIError {
        guard let asOf else { return APIError.notFound("\(what) yet. Run tasks/refresh.") }
        return APIError.notFound("\(what) as of log position \(asOf)")
    }
}
