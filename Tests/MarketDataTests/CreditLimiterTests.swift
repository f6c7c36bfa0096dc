import MarketData
import Testing

@Suite("Credit limiter")
struct CreditLimiterTests {
    static let smallPlan = TwelveDataPlan(name: "Test", creditsPerMinute: 8, creditsPerDay: 10)

    @Test("when the minute's credits are spent, the next spend waits for the next minute")
    func waitsForNextMinute() async throws {
        let clock = FakeClock()
        clock.advance(by: 15)
        let limiter = CreditLimiter(plan: Self.smallPlan, clock: clock.marketDataClock)
        try await limiter.spend(5)
        try await limiter.spend(3)
        #expect(clock.sleeps.isEmpty)
        try await limiter.spend(1)
        #expect(clock.sleeps == [.seconds(45)])
        #expect(clock.now == FakeClock.tuesdayTenAM.addingTimeInterval(60))
        #expect(await limiter.creditsUsed == 9)
    }

    @Test("when the day's credits are spent, a spend fails at once with creditsExhausted, until the next UTC day")
    func failsFastWhenDayIsSpent() async throws {
        let clock = FakeClock()
        let limiter = CreditLimiter(plan: Self.smallPlan, clock: clock.marketDataClock)
        try await limiter.spend(8)
        try await limiter.spend(2)
        let sleepsBefore = clock.sleeps
        let error = await #expect(throws: MarketDataError.self) { try await limiter.spend(1) }
        #expect(error?.kind == .creditsExhausted)
        #expect(
            error?.description
                == "TwelveData credits exhausted: 10 of 10 daily credits of plan Test spent today (UTC); "
                + "this request needs 1 more")
        #expect(clock.sleeps == sleepsBefore)
        #expect(await limiter.creditsUsed == 10)

        clock.advance(by: 86_400)
        try await limiter.spend(1)
        #expect(await limiter.creditsUsed == 11)
    }

    @Test("a request larger than a minute's credits is refused rather than waited for forever")
    func requestLargerThanMinute() async throws {
        let limiter = CreditLimiter(plan: Self.smallPlan, clock: FakeClock().marketDataClock)
        let error = await #expect(throws: MarketDataError.self) { try await limiter.spend(9) }
        #expect(error?.kind == .creditsExhausted)
    }

    @Test("the client's requests wait for the next minute when a batch would overrun the minute's credits")
    func clientWaitsBetweenBatches() async throws {
        let plan = TwelveDataPlan(name: "Tiny", creditsPerMinute: 2, creditsPerDay: nil)
        let first = TwelveDataReplies.batch([("AAPL", TwelveDataReplies.aapl), ("MSFT", TwelveDataReplies.msft)])
        let second = TwelveDataReplies.series("NVDA", [("2024-01-02", "481.67999")])
        try await withTwelveData([CannedReply(body: first), CannedReply(body: second)], plan: plan) {
            client, script, clock in
            let results = try await client.dailyCloses(["AAPL", "MSFT", "NVDA"], nil)
            #expect(results.count == 3)
            #expect(script.requests.map { $0.parameters["symbol"] } == ["AAPL,MSFT", "NVDA"])
            #expect(clock.sleeps == [.seconds(60)])
            #expect(await client.creditsUsed() == 3)
        }
    }

    @Test("the client fails fast with creditsExhausted, sending nothing, when the day's credits cannot cover a batch")
    func clientFailsFastWhenDayIsSpent() async throws {
        let plan = TwelveDataPlan(name: "Tiny", creditsPerMinute: 8, creditsPerDay: 2)
        try await withTwelveData([CannedReply(body: TwelveDataReplies.aapl)], plan: plan) { client, script, clock in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL", "MSFT", "NVDA"], nil)
            }
            #expect(error?.kind == .creditsExhausted)
            #expect(script.requests.isEmpty)
            #expect(clock.sleeps.isEmpty)
        }
    }
}
