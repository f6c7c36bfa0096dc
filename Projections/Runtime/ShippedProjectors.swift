/// Every read model AutoIndex maintains, in the order they are caught up.
public enum ShippedProjectors {
    public static var all: [any Projector] {
        [
            UsersProjector(), LogStatisticsProjector(), AssetPricesProjector(), BenchmarkSeriesProjector(),
            FxRatesProjector(), StrategyConfigProjector(), IndexHistoryProjector(), CurrentAllocationProjector(),
            RefreshStatusProjector(), RiskMetricsProjector(), PortfoliosProjector(), RebalancesProjector(),
        ]
    }
}
