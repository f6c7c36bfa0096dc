import MarketData
import Testing

@Suite("Canned market data client")
struct CannedMarketDataClientTests {
    @Test("the canned client answers from memory from the start date on, and unknown symbols are not found")
    func canned() async throws {
        let client = MarketDataClient.canned(
            dailyCloses: [
                "AAPL": [
                    DailyClose(date: "2024-01-03", close: "184.25000"),
                    DailyClose(date: "2024-01-02", close: "185.64000"),
                ]
            ],
            fxRates: ["EUR/USD": [DailyClose(date: "2024-01-02", close: "1.09420")]])
        let closes = try await client.dailyCloses(["AAPL", "NOPE"], "2024-01-03")
        #expect(try closes["AAPL"]?.get() == [DailyClose(date: "2024-01-03", close: "184.25000")])
        #expect((try? closes["NOPE"]?.get()) == nil)
        let rates = try await client.dailyFxRates(["USD"], "EUR", nil)
        #expect(try rates["USD"]?.get() == [DailyClose(date: "2024-01-02", close: "1.09420")])
        #expect(await client.creditsUsed() == 3)
    }

    @Test("the unimplemented client throws on every fetch")
    func unimplemented() async {
        await #expect(throws: MarketDataError.self) {
            _ = try await MarketDataClient.unimplemented.dailyCloses(["AAPL"], nil)
        }
        await #expect(throws: MarketDataError.self) {
            _ = try await MarketDataClient.unimplemented.dailyFxRates(["USD"], "EUR", nil)
        }
    }
}
