import IndexEngine
import Testing

@Suite("Backtest")
struct BacktestTests {
    /// Three assets over eight trading days across the January–February month end:
    ///
    ///     day  date         A      B     C       returns A, B, C
    ///     0    2024-01-25   100    100   100
    ///     1    2024-01-26   110    100    90     +10 %, 0, −10 %
    ///     2    2024-01-29   120    110    90     +1/11, +10 %, 0
    ///     3    2024-01-30   130    100    90     +1/12, −1/11, 0
    ///     4    2024-01-31   120    100    80     −1/13, 0, −1/9     (last trading day of January)
    ///     5    2024-02-01   132    110    80     +10 %, +10 %, 0
    ///     6    2024-02-02   118.8  110    88     −10 %, 0, +10 %
    ///     7    2024-02-05   118.8  121    96.8   0, +10 %, +10 %
    private static let prices: [[Double?]] = [
        [100, 100, 100], [110, 100, 90], [120, 110, 90], [130, 100, 90], [120, 100, 80], [132, 110, 80],
        [118.8, 110, 88], [118.8, 121, 96.8],
    ]
    private static let dates = [
        "2024-01-25", "2024-01-26", "2024-01-29", "2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02", "2024-02-05",
    ]

    @Test("equal weights left to drift make the index the average price relative (buy and hold)")
    func driftWithoutRebalancing() throws {
        let result = try Self.run(.equal, .none)
        // V_t = 100 · (A_t/100 + B_t/100 + C_t/100) / 3 = (A_t + B_t + C_t) / 3.
        let expected = [100, 100, 320.0 / 3, 320.0 / 3, 100, 322.0 / 3, 316.8 / 3, 336.6 / 3]
        Self.expect(result.series.map(\.value), equal: expected)
        #expect(result.series.map(\.date.text) == Self.dates)
        #expect(result.series.first?.dailyReturn == nil)
        #expect(abs(try #require(result.series[1].dailyReturn)) < 1e-15)  // (0.1 + 0 − 0.1) / 3
        #expect(result.rebalances.map(\.date.text) == ["2024-01-25"])
        #expect(result.rebalances.first?.turnover == 1)  // bought from cash
    }

    @Test("daily rebalancing to equal weights earns the average return each day, unlike drift")
    func dailyRebalancingDiffers() throws {
        let result = try Self.run(.equal, .daily)
        // Day 2: 100 · (1 + (1/11 + 1/10 + 0) / 3) = 106.3636…, where drifting weights gave 106.6667.
        let second = 100 * (1 + (1.0 / 11 + 0.1 + 0) / 3)
        let third = second * (1 + (1.0 / 12 - 1.0 / 11 + 0) / 3)
        Self.expect(Array(result.series.prefix(4).map(\.value)), equal: [100, 100, second, third])
        #expect(abs(second - 106.363_636_363_636) < 1e-9)
        #expect(abs(result.series[2].value - 320.0 / 3) > 0.3)
        // Every close but the end's rebalances: the base and days 1…6.
        #expect(result.rebalances.map(\.date.text) == Array(Self.dates.prefix(7)))
    }

    @Test("monthly: rebalance at January's last trading day; the new weights earn February's first return")
    func monthlyAcrossMonthEnd() throws {
        let result = try Self.run(.equal, .monthly)
        #expect(result.rebalances.map(\.date.text) == ["2024-01-25", "2024-01-31"])
        // Up to 2024-01-31 the weights drift (as buy and hold): V₄ = 300/3 = 100, holding 0.4, ⅓, 0.2667.
        // Back to ⅓ each: turnover ½·(|⅓ − 0.4| + 0 + |⅓ − 0.2667|) = 1/15.
        #expect(abs(try #require(result.rebalances.last).turnover - 1.0 / 15) < 1e-12)
        // From February: V_t = V₄ · average(P_t / P₄): (1.1 + 1.1 + 1)/3, (0.99 + 1.1 + 1.1)/3,
        // (0.99 + 1.21 + 1.21)/3. Drift would have given 322/3 = 107.33 on 2024-02-01.
        let expected = [100, 100, 320.0 / 3, 320.0 / 3, 100, 320.0 / 3, 319.0 / 3, 341.0 / 3]
        Self.expect(result.series.map(\.value), equal: expected)
        let weights = try #require(result.rebalances.last).weights
        #expect(weights.map(\.symbol) == ["A", "B", "C"])
        Self.expect(weights.map(\.weight), equal: [1.0 / 3, 1.0 / 3, 1.0 / 3])
    }

    @Test("drift band: rebalance at the first close where a weight is more than the band from its target")
    func driftBand() throws {
        let result = try Self.run(.equal, .drift(band: 0.05))
        // 2024-01-26: weights (1.1, 1, 0.9)/3 are 0.0333 from ⅓ — inside the band.
        // 2024-01-29: weights (120, 110, 90)/320 = 0.375, 0.34375, 0.28125; C is 0.0521 below ⅓ — breach.
        // Afterwards the largest gap stays below 0.036 up to the end.
        #expect(result.rebalances.map(\.date.text) == ["2024-01-25", "2024-01-29"])
        // ½·(1/24 + 1/96 + 5/96) = 5/96.
        #expect(abs(try #require(result.rebalances.last).turnover - 5.0 / 96) < 1e-12)
        let base = 320.0 / 3
        let last = base * (118.8 / 120 + 121.0 / 110 + 96.8 / 90) / 3
        #expect(abs(result.series[2].value - base) < 1e-9)
        #expect(abs(result.series[7].value - last) < 1e-9)
    }

    @Test("no look-ahead: changing a later price changes neither earlier decisions nor earlier values")
    func noLookAhead() throws {
        let method = WeightingMethod.inverseVolatility(lookback: 2)
        let start = try Self.date("2024-01-29")
        let result = try Self.run(method, .monthly, start: start)
        var changed = Self.prices
        changed[5][0] = 150  // A on 2024-02-01, the day after the rebalance
        let other = try Self.run(method, .monthly, start: start, prices: changed)
        #expect(result.rebalances.map(\.date.text) == ["2024-01-29", "2024-01-31"])
        #expect(result.rebalances == other.rebalances)
        #expect(Array(result.series.prefix(3)) == Array(other.series.prefix(3)))
        #expect(result.series[3].value != other.series[3].value)
        // The rebalance at 2024-01-31 used returns of 01-30 and 01-31 only.
        #expect(result.rebalances[1].decision.inputStart.text == "2024-01-29")
    }

    @Test("a scheduled rebalance with no eligible asset is skipped and the weights keep drifting")
    func skippedRebalance() throws {
        let result = try Self.run(.momentum(days: 1, threshold: 0.01), .daily, start: try Self.date("2024-01-26"))
        // On 2024-01-31 every one-day momentum is below 0.01: A −1/13, B 0, C −1/9.
        #expect(
            result.skipped == [
                SkippedRebalance(
                    date: try Self.date("2024-01-31"),
                    reason: "no eligible asset on 2024-01-31 (A: momentum -0.076923 below threshold 0.01; "
                        + "B: momentum 0.0 below threshold 0.01; C: momentum -0.111111 below threshold 0.01)")
            ])
        #expect(
            result.rebalances.map(\.date.text) == [
                "2024-01-26", "2024-01-29", "2024-01-30", "2024-02-01", "2024-02-02",
            ])
        // Held only A from 01-30 (its momentum was the only one above 0.01): 01-31 earns A's −1/13, and
        // with the rebalance skipped, 02-01 still earns A's +10 % alone.
        #expect(result.series[3].date.text == "2024-01-31")
        #expect(abs(try #require(result.series[3].dailyReturn) + 1.0 / 13) < 1e-12)
        #expect(abs(try #require(result.series[4].dailyReturn) - 0.1) < 1e-12)
    }

    @Test("start and end must be dates of the data, start before end, and assets known")
    func errors() throws {
        let history = try Self.history(Self.prices)
        let (first, last) = (try Self.date("2024-01-25"), try Self.date("2024-02-05"))
        let weekend = try Self.date("2024-01-27")
        #expect(throws: EngineError.dateNotInData(weekend)) {
            try Backtest.run(
                history: history, assets: ["A"], start: weekend, end: last, method: .equal, schedule: .none)
        }
        #expect(EngineError.dateNotInData(weekend).description == "no prices on 2024-01-27")
        #expect(throws: EngineError.startNotBeforeEnd(start: last, end: last)) {
            try Backtest.run(history: history, assets: ["A"], start: last, end: last, method: .equal, schedule: .none)
        }
        #expect(
            EngineError.startNotBeforeEnd(start: last, end: first).description
                == "start 2024-02-05 must come before end 2024-01-25")
        #expect(throws: EngineError.unknownAsset("MSFT")) {
            try Backtest.run(
                history: history, assets: ["A", "MSFT"], start: first, end: last, method: .equal, schedule: .none)
        }
    }

    @Test("a portfolio day: missing returns count as 0, weights drift, and rebalancing reports one-way turnover")
    func portfolio() throws {
        var portfolio = try IndexPortfolio(weights: [0.5, 0.5])
        // 0.5 · 10 % + 0.5 · 0 = 5 %: value 105; weights 0.55/1.05 and 0.5/1.05.
        let dayReturn = try portfolio.advance(returns: [0.1, nil])
        #expect(abs(dayReturn - 0.05) < 1e-15)
        #expect(abs(portfolio.value - 105) < 1e-12)
        #expect(abs(portfolio.weights[0] - 0.55 / 1.05) < 1e-15)
        #expect(portfolio.targetWeights == [0.5, 0.5])
        // Back to halves: ½·(|0.5 − 0.5238| + |0.5 − 0.4762|) = 0.025/1.05.
        let turnover = try portfolio.rebalance(to: [0.5, 0.5])
        #expect(abs(turnover - 0.025 / 1.05) < 1e-15)
        #expect(portfolio.weights == [0.5, 0.5])
        #expect(throws: EngineError.invalidWeights("they sum to 0.9, not 1")) {
            try portfolio.rebalance(to: [0.5, 0.4])
        }
        #expect(throws: EngineError.invalidReturns("1 returns for 2 weights")) {
            try portfolio.advance(returns: [0.1])
        }
        #expect(EngineError.invalidWeights("x").description == "invalid weights: x")
    }

    private static func run(
        _ method: WeightingMethod, _ schedule: RebalanceSchedule, start: TradingDate? = nil,
        prices: [[Double?]] = prices
    ) throws -> BacktestResult {
        let history = try history(prices)
        return try Backtest.run(
            history: history, assets: ["A", "B", "C"], start: start ?? date("2024-01-25"), end: date("2024-02-05"),
            method: method, schedule: schedule)
    }

    private static func history(_ prices: [[Double?]]) throws -> MarketHistory {
        var history = try MarketHistory(symbols: ["A", "B", "C"], rules: .none)
        for (row, text) in dates.enumerated() {
            try history.append(date: date(text), closes: prices[row])
        }
        return history
    }

    private static func date(_ text: String) throws -> TradingDate {
        try #require(TradingDate(text))
    }

    private static func expect(
        _ actual: [Double], equal expected: [Double], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (value, target) in zip(actual, expected) {
            #expect(abs(value - target) < 1e-9, "\(value) vs \(target)", sourceLocation: sourceLocation)
        }
    }
}
