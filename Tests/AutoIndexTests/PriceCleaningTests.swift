import IndexEngine
import Testing

@Suite("Price cleaning")
struct PriceCleaningTests {
    @Test("a close below the minimum price is missing; missing closes are carried at most N days")
    func minimumPriceAndForwardFill() throws {
        let rules = try CleaningRules(minPrice: 1, maxForwardFillDays: 2)
        // Day 1's 0.5 is below the minimum: filled from day 0 (fill 1 of 2). Day 2 is missing: filled
        // again (2 of 2). Day 3 is past the limit: no close. Day 4 comes back with no return, because
        // there is no close on day 3 to measure against. Day 5: 12.6 / 12 − 1 = 0.05.
        let history = try Self.history(["X": [10, 0.5, nil, nil, 12, 12.6]], rules: rules)
        #expect(Self.column(history.closes, 0) == [10, 10, 10, nil, 12, 12.6])
        let returns = Self.column(history.returns, 0)
        #expect(returns[0] == nil)
        #expect(returns[1] == 0)
        #expect(returns[2] == 0)
        #expect(returns[3] == nil)
        #expect(returns[4] == nil)
        #expect(abs(try #require(returns[5]) - 0.05) < 1e-12)
    }

    @Test("within the forward-fill limit, the return of the day back spans the gap")
    func returnAcrossFilledGap() throws {
        let history = try Self.history(["X": [10, nil, 11]], rules: CleaningRules(maxForwardFillDays: 1))
        #expect(Self.column(history.closes, 0) == [10, 10, 11])
        let returns = Self.column(history.returns, 0)
        #expect(returns[1] == 0)
        #expect(abs(try #require(returns[2]) - 0.1) < 1e-12)  // 11 / 10 − 1
    }

    @Test("without forward fill a missing close stays missing, and zero or negative closes are never prices")
    func noForwardFill() throws {
        let history = try Self.history(["X": [10, nil, 0, -3, 11]], rules: .none)
        #expect(Self.column(history.closes, 0) == [10, nil, nil, nil, 11])
        #expect(Self.column(history.returns, 0) == [nil, nil, nil, nil, nil])
    }

    @Test("daily returns are capped into [min, max] while closes stay as quoted")
    func caps() throws {
        let rules = try CleaningRules(minDailyReturn: -0.2, maxDailyReturn: 0.3)
        // 150 / 100 − 1 = +0.5 → 0.3; 60 / 150 − 1 = −0.6 → −0.2; 66 / 60 − 1 = 0.1 stays.
        let history = try Self.history(["X": [100, 150, 60, 66]], rules: rules)
        #expect(Self.column(history.closes, 0) == [100, 150, 60, 66])
        let returns = try Self.column(history.returns, 0).dropFirst().map { try #require($0) }
        #expect(returns[0] == 0.3)
        #expect(returns[1] == -0.2)
        #expect(abs(returns[2] - 0.1) < 1e-12)
    }

    @Test("an outlier is clipped to mean ± k·std of the earlier returns in the window, and only of those")
    func outlierUsesPastReturnsOnly() throws {
        let rules = try CleaningRules(outlierStdThreshold: 2, outlierWindow: 4, outlierMinObservations: 3)
        // Returns: day 1 +2 %, day 2 0, day 3 −2 %, day 4 0, day 5 +10 %, day 6 0.
        // Day 5's window is days 1…4: mean 0, sample variance (0.02² + 0 + 0.02² + 0) / 3 = 0.0008 / 3,
        // std = 0.0163299…, so +10 % lies beyond 2·std = 0.0326599… and is clipped to it.
        let prices: [Double?] = [100, 102, 102, 99.96, 99.96, 109.956, 109.956]
        let history = try Self.history(["X": prices], rules: rules)
        let returns = try Self.column(history.returns, 0).dropFirst().map { try #require($0) }
        let limit = 2 * (0.0008 / 3).squareRoot()
        #expect(abs(returns[3] - 0) < 1e-12)
        #expect(abs(returns[4] - limit) < 1e-12)
        #expect(abs(limit - 0.032_659_863_237_109) < 1e-12)
        // Day 6's window is days 2…5 (with day 5 as cleaned); a flat day is no outlier.
        #expect(abs(returns[5]) < 1e-12)

        // A later huge move leaves every earlier close and return exactly as it was.
        var extended = history
        try extended.append(date: Self.day(7), closes: [1_099.56])
        #expect(Array(extended.returns.prefix(7)) == history.returns)
        #expect(Array(extended.closes.prefix(7)) == history.closes)
        #expect(try #require(extended.returns[7][0]) < 0.1)  // +900 % clipped by the window of days 3…6
    }

    @Test("with fewer earlier returns than the minimum of observations, nothing is clipped")
    func outlierNeedsObservations() throws {
        let rules = try CleaningRules(outlierStdThreshold: 2, outlierWindow: 4, outlierMinObservations: 4)
        // Day 5's window holds 4 returns but day 0 has none, so days 1…4 give exactly 4: clipped.
        // Day 4's window (days 0…3) holds only 3: its +50 % stays.
        let prices: [Double?] = [100, 102, 102, 99.96, 149.94]
        let history = try Self.history(["X": prices], rules: rules)
        #expect(abs(try #require(history.returns[4][0]) - 0.5) < 1e-12)
    }

    @Test("days must be appended in ascending order with one close per symbol")
    func appendErrors() throws {
        let first = try Self.day(0)
        let second = try Self.day(1)
        var history = try MarketHistory(symbols: ["A", "B"], rules: .none)
        try history.append(date: first, closes: [1, 2])
        #expect(throws: EngineError.dateNotAscending(previous: first, date: first)) {
            try history.append(date: first, closes: [1, 2])
        }
        #expect(
            EngineError.dateNotAscending(previous: second, date: first).description
                == "2024-01-01 does not come after 2024-01-02: days must be appended in ascending order")
        #expect(throws: EngineError.misalignedCloses(date: second, expected: 2, actual: 1)) {
            try history.append(date: second, closes: [1])
        }
        #expect(
            EngineError.misalignedCloses(date: second, expected: 2, actual: 1).description
                == "expected 2 closes on 2024-01-02, one per symbol, got 1")
        #expect(history.count == 1)
        #expect(throws: EngineError.duplicateSymbol("A")) { try MarketHistory(symbols: ["A", "A"], rules: .none) }
    }

    @Test("rules out of range are refused with the reason")
    func invalidRules() {
        #expect(throws: EngineError.invalidRules("max forward fill days -1 must be at least 0")) {
            try CleaningRules(maxForwardFillDays: -1)
        }
        #expect(throws: EngineError.invalidRules("daily return caps [0.01, 0.5] must hold 0 (min ≤ 0 ≤ max)")) {
            try CleaningRules(minDailyReturn: 0.01, maxDailyReturn: 0.5)
        }
        #expect(
            EngineError.invalidRules("x").description == "invalid cleaning rules: x")
    }

    @Test("a price table gathers rows in any order into a date × symbol grid with gaps as nil")
    func priceTable() throws {
        let (first, second, third) = (try Self.day(0), try Self.day(1), try Self.day(2))
        let table = try PriceTable(rows: [
            (second, "MSFT", 11), (first, "AAPL", 1), (first, "MSFT", 10), (third, "AAPL", 3),
        ])
        #expect(table.dates == [first, second, third])
        #expect(table.symbols == ["AAPL", "MSFT"])
        #expect(table.closes == [[1, 10], [nil, 11], [3, nil]])
        #expect(throws: EngineError.duplicatePrice(date: first, symbol: "AAPL")) {
            try PriceTable(rows: [(first, "AAPL", 1), (first, "AAPL", 1.5)])
        }
        #expect(
            EngineError.duplicatePrice(date: first, symbol: "AAPL").description
                == "more than one close for AAPL on 2024-01-01")
    }

    @Test("numbering gives keys 0, 1, 2 in order of first appearance, whether its guess of the next key holds or not")
    func numbering() {
        var numbering = Numbering<String>()
        let keys = ["MSFT", "AAPL", "MSFT", "AAPL", "MSFT", "KO", "AAPL", "MSFT", "AAPL", "KO", "KO", "MSFT"]
        #expect(keys.map { numbering.number(of: $0) } == [0, 1, 0, 1, 0, 2, 1, 0, 1, 2, 2, 0])
        #expect(numbering.keys == ["MSFT", "AAPL", "KO"])
    }

    /// 2024-01-01 plus `offset` days.
    private static func day(_ offset: Int) throws -> TradingDate {
        try #require(TradingDate(year: 2024, month: 1, day: 1 + offset))
    }

    /// A history of one column per symbol, on consecutive January days.
    private static func history(_ columns: [String: [Double?]], rules: CleaningRules) throws -> MarketHistory {
        let symbols = columns.keys.sorted()
        var history = try MarketHistory(symbols: symbols, rules: rules)
        let days = columns.values.map(\.count).max() ?? 0
        for row in 0..<days {
            try history.append(date: day(row), closes: symbols.map { columns[$0]?[row] ?? nil })
        }
        return history
    }

    private static func column(_ grid: [[Double?]], _ asset: Int) -> [Double?] {
        grid.map { $0[asset] }
    }
}
