import AutoIndexDomain
import EventSourcing

/// One or more realistic instances of every catalog event, built in Swift; their encodings are
/// written to the payload dump and validated against the JSON Schemas by `.ci/run`.
enum SampleEvents {
    static let config = StrategyConfig(
        momentumWeight: 0.4, marketCapWeight: 0.3, riskParityWeight: 0.3, momentumLookbackDays: 252,
        momentumThreshold: 0, riskParityMethod: "inverse_volatility", volatilityLookbackDays: 63, minPrice: 1,
        maxForwardFillDays: 5, minDailyReturn: -0.5, maxDailyReturn: 0.5, outlierStdThreshold: 10,
        rebalanceFrequency: "monthly", minWeight: nil, maxWeight: nil, riskFreeRate: 0.02)

    static var all: [any DomainEvent] {
        var bounded = config
        bounded.minWeight = 0.01
        bounded.maxWeight = 0.25
        bounded.rebalanceFrequency = "drift:0.05"
        bounded.riskParityMethod = "equal_risk_contribution"
        return [
            UserRegistered(
                userId: "3f2a9c1e-8d4b-4e7a-9c2d-1b5e6f7a8b9c", email: "ana.lopez@example.com",
                passwordHash: "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", role: "user"),
            UserRegistered(
                userId: "admin-1", email: "ops@example.com",
                passwordHash: "$2b$12$KIXQJ8T6hG9kP5mZr3nYUeWl1vA0sD2fG4hJ6kL8zX0cV2bN4mQ6a", role: "admin"),
            RoleGranted(
                userId: "admin-1", email: "ops@example.com", role: "user", previousRole: "admin",
                reason: "moved to another team"),
            RoleGranted(
                userId: "3f2a9c1e-8d4b-4e7a-9c2d-1b5e6f7a8b9c", email: "ana.lopez@example.com", role: "admin",
                previousRole: "user", reason: nil),
            ConfigUpdated(
                indexId: "autoindex", configVersion: 1, config: config,
                changedFields: [
                    "market_cap_weight", "max_daily_return", "max_forward_fill_days", "min_daily_return", "min_price",
                    "momentum_lookback_days", "momentum_threshold", "momentum_weight", "outlier_std_threshold",
                    "rebalance_frequency", "risk_free_rate", "risk_parity_method", "risk_parity_weight",
                    "volatility_lookback_days",
                ], reason: nil),
            ConfigUpdated(
                indexId: "autoindex", configVersion: 2, config: bounded,
                changedFields: ["max_weight", "min_weight", "rebalance_frequency", "risk_parity_method"],
                reason: "cap single names at 25 % and rebalance on drift"),
            AssetListed(
                symbol: "AAPL", name: "Apple Inc.", sector: "Information Technology", currency: "USD",
                assetClass: "equity", source: "bundled"),
            AssetListed(
                symbol: "SPX", name: "S&P 500", sector: "Index", currency: "USD", assetClass: "index", source: "bundled"
            ),
            PriceFetched(symbol: "AAPL", date: "2022-12-28", close: "125.939", source: "bundled", fetchId: "import-1"),
            MarketCapReported(
                symbol: "AAPL", date: "2022-12-30", marketCap: "2066940000000", source: "csv", fetchId: "import-2"),
            PriceCorrected(
                symbol: "MSFT", date: "2022-12-27", oldClose: "235.88", newClose: "236.96", source: "twelvedata",
                fetchId: "refresh-7"),
            FxRateFetched(
                currency: "USD", baseCurrency: "EUR", date: "2022-12-28", rate: "1.0658", source: "ecb",
                fetchId: "import-2"),
            RefreshStarted(refreshId: "r-2022-12-28", provider: "twelvedata", symbols: ["AAPL", "MSFT", "JNJ"]),
            RefreshCompleted(
                refreshId: "r-2022-12-28", provider: "twelvedata", pricesAppended: 3, pricesCorrected: 1,
                fxRatesAppended: 0, creditsUsed: 3),
            RefreshFailed(
                refreshId: "r-2022-12-29", provider: "twelvedata",
                error: "You have run out of API credits for the current minute.",
                errorCode: 429, creditsUsed: 8),
            RefreshFailed(
                refreshId: "r-2022-12-30", provider: "csv", error: "line 7: bad close \"abc\"", errorCode: nil,
                creditsUsed: 0),
            RebalanceRequested(indexId: "autoindex", asOfDate: "2022-11-30", trigger: "schedule", reason: nil),
            RebalanceRequested(indexId: "autoindex", asOfDate: "2022-12-05", trigger: "manual", reason: "new config"),
            WeightsCalculated(
                indexId: "autoindex", asOfDate: "2022-11-30", configVersion: 1, inputStartDate: "2021-11-29",
                inputEndDate: "2022-11-30", lastInputPosition: 166_281,
                sleeves: [
                    .init(sleeve: "momentum", configuredWeight: 0.4, appliedWeight: 0.5714285714285714, note: nil),
                    .init(
                        sleeve: "market_cap", configuredWeight: 0.3, appliedWeight: 0,
                        note: "no market-cap facts: sleeve left out, blend renormalised"),
                    .init(sleeve: "risk_parity", configuredWeight: 0.3, appliedWeight: 0.42857142857142855, note: nil),
                ],
                assets: [
                    .init(
                        symbol: "JNJ", momentum: 0.0412, volatility: 0.171, momentumWeight: 0.25, marketCapWeight: nil,
                        riskParityWeight: 0.6, weight: 0.4),
                    .init(
                        symbol: "XOM", momentum: 0.7241, volatility: 0.3075, momentumWeight: 0.75, marketCapWeight: nil,
                        riskParityWeight: 0.4, weight: 0.6),
                ],
                excluded: [.init(symbol: "AMD", reason: "momentum -0.5132 below threshold 0")]),
            AllocationChanged(
                indexId: "autoindex", asOfDate: "2022-11-30", oldWeights: [],
                newWeights: [.init(symbol: "JNJ", weight: 0.4), .init(symbol: "XOM", weight: 0.6)], turnover: 1),
            IndexValued(indexId: "autoindex", date: "2022-12-28", value: 187.4512, dailyReturn: -0.0123),
            PortfolioOpened(
                portfolioId: "5b1f7c0e-2d4a-4e8b-9a61-3c2f0d9e8b71", ownerId: "u0b81d4fae7dec41d0a76500a0c91e6b",
                name: "Retirement", mode: "follow_index", broker: "paper", commissionBps: 5, openedDate: "2015-01-02",
                indexId: "autoindex"),
            CashDeposited(portfolioId: "5b1f7c0e-2d4a-4e8b-9a61-3c2f0d9e8b71", amount: "10000", date: "2015-01-02"),
            CashWithdrawn(portfolioId: "5b1f7c0e-2d4a-4e8b-9a61-3c2f0d9e8b71", amount: "250.5", date: "2022-12-28"),
            OrderPlaced(
                portfolioId: "5b1f7c0e-2d4a-4e8b-9a61-3c2f0d9e8b71", orderId: "0f3c6a52-8e1d-4b7a-9c2e-5d4f3a2b1c0d",
                clientOrderId: "my-order-1", symbol: "AAPL", side: "BUY", notional: "1000", quantity: nil,
                afterDate: "2022-12-28"),
            OrderPlaced(
                portfolioId: "5b1f7c0e-2d4a-4e8b-9a61-3c2f0d9e8b71", orderId: "7a2d9e41-3b5c-4f6a-8d7e-1c0b9a8f7e6d",
                symbol: "XOM", side: "SELL", notional: nil, quantity: "3.5", afterDate: "2022-11-30",
                causedBy: "9c4e2f1a-7b3d-4a5e-8f6c-2d1e0b9a8c7f"),
            OrderFilled(
                portfolioId: "5b1f7c0e-2d4a-4e8b-9a61-3c2f0d9e8b71", orderId: "0f3c6a52-8e1d-4b7a-9c2e-5d4f3a2b1c0d",
                symbol: "AAPL", side: "BUY", fillDate: "2022-12-29", fillPrice: "129.93", quantity: "7.696451",
                amount: "999.99987843", commission: "0.5"),
            BrokerOrderUpdated(
                portfolioId: "c2a1e0f9-8d7c-4b6a-9e5f-4d3c2b1a0f9e", orderId: "0f3c6a52-8e1d-4b7a-9c2e-5d4f3a2b1c0d",
                broker: "alpaca", brokerOrderId: "61e69015-8549-4bfd-b9c3-01e75843f47d", status: "partially_filled",
                filledQuantity: "3", filledAveragePrice: "129.93"),
            OrderRejected(
                portfolioId: "5b1f7c0e-2d4a-4e8b-9a61-3c2f0d9e8b71", orderId: "7a2d9e41-3b5c-4f6a-8d7e-1c0b9a8f7e6d",
                reason: "not enough units: sells 3.5 XOM, holds 2", date: "2022-12-01"),
            OrderCanceled(
                portfolioId: "5b1f7c0e-2d4a-4e8b-9a61-3c2f0d9e8b71", orderId: "7a2d9e41-3b5c-4f6a-8d7e-1c0b9a8f7e6d",
                reason: "canceled by its owner", date: "2022-12-28"),
            PortfolioClosed(portfolioId: "5b1f7c0e-2d4a-4e8b-9a61-3c2f0d9e8b71", date: "2022-12-28", reason: nil),
        ]
    }
}
