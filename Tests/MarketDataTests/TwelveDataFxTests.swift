import MarketData
import Testing

@Suite("TwelveData FX series")
struct TwelveDataFxTests {
    @Test("FX rates come from the BASE/CURRENCY series, keyed by currency: EUR/USD is USD per EUR")
    func eurPairs() async throws {
        let reply = TwelveDataReplies.batch([
            ("EUR/USD", TwelveDataReplies.series("EUR/USD", [("2024-01-03", "1.09190"), ("2024-01-02", "1.09420")])),
            ("EUR/GBP", TwelveDataReplies.series("EUR/GBP", [("2024-01-02", "0.86420")])),
        ])
        try await withTwelveData([CannedReply(body: reply)]) { client, script, _ in
            let rates = try await client.dailyFxRates(["USD", "GBP"], "EUR", "2024-01-02")
            #expect(
                try rates["USD"]?.get() == [
                    DailyClose(date: "2024-01-02", close: "1.09420"), DailyClose(date: "2024-01-03", close: "1.09190"),
                ])
            #expect(try rates["GBP"]?.get() == [DailyClose(date: "2024-01-02", close: "0.86420")])
            #expect(Set(rates.keys) == ["USD", "GBP"])
            #expect(script.requests.map { $0.parameters["symbol"] } == ["EUR/USD,EUR/GBP"])
            #expect(script.requests.first?.rawQuery.contains("symbol=EUR/USD,EUR/GBP") == true)
            #expect(script.requests.first?.parameters["start_date"] == "2024-01-02")
        }
    }

    @Test("a single FX pair is read from a single-series reply")
    func singlePair() async throws {
        let reply = TwelveDataReplies.series("EUR/GBP", [("2024-01-02", "0.86420")])
        try await withTwelveData([CannedReply(body: reply)]) { client, script, _ in
            let rates = try await client.dailyFxRates(["GBP"], "EUR", nil)
            #expect(try rates["GBP"]?.get() == [DailyClose(date: "2024-01-02", close: "0.86420")])
            #expect(script.requests.first?.parameters["symbol"] == "EUR/GBP")
        }
    }

    @Test("the base currency itself fails as a bad request without costing a credit")
    func baseAgainstItself() async throws {
        try await withTwelveData([CannedReply(body: "{}")]) { client, script, _ in
            let rates = try await client.dailyFxRates(["EUR"], "EUR", nil)
            guard case .failure(let error) = rates["EUR"] else {
                Issue.record("expected a failure for EUR, got \(String(describing: rates["EUR"]))")
                return
            }
            #expect(error.kind == .badRequest)
            #expect(script.requests.isEmpty)
            #expect(await client.creditsUsed() == 0)
        }
    }
}
