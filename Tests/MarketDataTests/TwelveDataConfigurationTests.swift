import MarketData
import Testing

@Suite("TwelveData configuration")
struct TwelveDataConfigurationTests {
    @Test("fromEnvironment reads TWELVEDATA_API_KEY and keeps the defaults")
    func fromEnvironment() throws {
        let configuration = try #require(TwelveDataConfiguration.fromEnvironment(["TWELVEDATA_API_KEY": " abc123\n"]))
        #expect(configuration.apiKey == "abc123")
        #expect(configuration.baseURL == "https://api.twelvedata.com")
        #expect(configuration.plan == .basic)
        #expect(configuration.maxAttempts == 4)
        #expect(configuration.batchSize == 8)
    }

    @Test("fromEnvironment is nil when the key is unset or blank")
    func fromEnvironmentWithoutKey() {
        #expect(TwelveDataConfiguration.fromEnvironment([:]) == nil)
        #expect(TwelveDataConfiguration.fromEnvironment(["TWELVEDATA_API_KEY": "  "]) == nil)
    }

    @Test("the plans carry TwelveData's published credits per minute and per day")
    func plans() {
        #expect(TwelveDataPlan.basic.creditsPerMinute == 8)
        #expect(TwelveDataPlan.basic.creditsPerDay == 800)
        #expect(TwelveDataPlan.grow55.creditsPerMinute == 55)
        #expect(TwelveDataPlan.grow55.creditsPerDay == nil)
        #expect(TwelveDataPlan.pro1597.creditsPerMinute == 1597)
        #expect(TwelveDataPlan.ultra10946.creditsPerMinute == 10946)
        #expect(TwelveDataPlan.basic.description == "Basic (8/min, 800/day)")
    }

    @Test("a batch never exceeds the plan's credits per minute")
    func batchClampedToPlan() async throws {
        let plan = TwelveDataPlan(name: "Tiny", creditsPerMinute: 2, creditsPerDay: nil)
        let first = TwelveDataReplies.batch([("AAPL", TwelveDataReplies.aapl), ("MSFT", TwelveDataReplies.msft)])
        let second = TwelveDataReplies.series("NVDA", [("2024-01-02", "481.67999")])
        try await withTwelveData(
            [CannedReply(body: first), CannedReply(body: second)], plan: plan, batchSize: 120
        ) { client, script, _ in
            _ = try await client.dailyCloses(["AAPL", "MSFT", "NVDA"], nil)
            #expect(script.requests.map { $0.parameters["symbol"] } == ["AAPL,MSFT", "NVDA"])
        }
    }
}
