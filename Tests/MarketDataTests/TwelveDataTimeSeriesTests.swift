import MarketData
import Testing

@Suite("TwelveData daily series")
struct TwelveDataTimeSeriesTests {
    @Test("a single-symbol reply becomes that symbol's closes, ascending, with the close text exactly as sent")
    func singleSymbol() async throws {
        try await withTwelveData([CannedReply(body: TwelveDataReplies.aapl)]) { client, script, _ in
            let results = try await client.dailyCloses(["AAPL"], nil)
            #expect(
                try results["AAPL"]?.get() == [
                    DailyClose(date: "2024-01-02", close: "185.64000"),
                    DailyClose(date: "2024-01-03", close: "184.25000"),
                    DailyClose(date: "2024-01-04", close: "181.91000"),
                ])
            #expect(results.count == 1)
            #expect(script.requests.map(\.path) == ["/time_series"])
            #expect(script.requests.first?.parameters["symbol"] == "AAPL")
            #expect(await client.creditsUsed() == 1)
            #expect(client.provider == "twelvedata")
        }
    }

    @Test("a batch reply keeps each symbol's series and makes a per-symbol error that symbol's failure")
    func batchWithOneError() async throws {
        let notFound = "**symbol** not found: XXXX. Please specify it correctly according to API Documentation."
        let reply = TwelveDataReplies.batch([
            ("AAPL", TwelveDataReplies.aapl), ("XXXX", TwelveDataReplies.error(404, notFound)),
            ("MSFT", TwelveDataReplies.msft),
        ])
        try await withTwelveData([CannedReply(body: reply)]) { client, script, _ in
            let results = try await client.dailyCloses(["AAPL", "XXXX", "MSFT"], nil)
            #expect(try results["AAPL"]?.get().count == 3)
            #expect(
                try results["MSFT"]?.get() == [
                    DailyClose(date: "2024-01-02", close: "370.87000"),
                    DailyClose(date: "2024-01-03", close: "370.60001"),
                ])
            let failure = MarketDataError(
                kind: .notFound, code: 404, message: notFound, symbol: "XXXX", provider: "TwelveData")
            #expect(results["XXXX"] == .failure(failure))
            #expect(failure.description == "TwelveData not found for XXXX: \(notFound)")
            #expect(script.requests.map { $0.parameters["symbol"] } == ["AAPL,XXXX,MSFT"])
            #expect(script.requests.first?.rawQuery.contains("symbol=AAPL,XXXX,MSFT") == true)
            #expect(await client.creditsUsed() == 3)
        }
    }

    @Test("the start date, daily interval, ascending order, 5000 rows and JSON format are sent as parameters")
    func parametersPassedThrough() async throws {
        try await withTwelveData([CannedReply(body: TwelveDataReplies.aapl)]) { client, script, _ in
            _ = try await client.dailyCloses(["AAPL"], "2024-01-02")
            let parameters = try #require(script.requests.first?.parameters)
            #expect(
                parameters == [
                    "symbol": "AAPL", "interval": "1day", "start_date": "2024-01-02", "order": "ASC",
                    "outputsize": "5000", "format": "JSON",
                ])
        }
    }

    @Test("without a start date no start_date is sent")
    func noStartDate() async throws {
        try await withTwelveData([CannedReply(body: TwelveDataReplies.aapl)]) { client, script, _ in
            _ = try await client.dailyCloses(["AAPL"], nil)
            #expect(script.requests.first?.parameters["start_date"] == nil)
        }
    }

    @Test("symbols beyond the batch size go in further requests, each symbol asked for once")
    func batching() async throws {
        let first = TwelveDataReplies.batch([("AAPL", TwelveDataReplies.aapl), ("MSFT", TwelveDataReplies.msft)])
        let second = TwelveDataReplies.series("NVDA", [("2024-01-02", "481.67999")])
        try await withTwelveData(
            [CannedReply(body: first), CannedReply(body: second)], batchSize: 2
        ) { client, script, _ in
            let results = try await client.dailyCloses(["AAPL", "MSFT", "AAPL", "NVDA"], nil)
            #expect(script.requests.map { $0.parameters["symbol"] } == ["AAPL,MSFT", "NVDA"])
            #expect(Set(results.keys) == ["AAPL", "MSFT", "NVDA"])
            #expect(try results["NVDA"]?.get() == [DailyClose(date: "2024-01-02", close: "481.67999")])
            #expect(await client.creditsUsed() == 3)
        }
    }

    @Test("'no data on the specified dates' is an empty series, not a failure")
    func noDataIsEmpty() async throws {
        let noData = "No data is available on the specified dates. Try setting different start/end dates."
        try await withTwelveData([CannedReply(body: TwelveDataReplies.error(400, noData))]) { client, _, _ in
            let results = try await client.dailyCloses(["AAPL"], "2024-01-06")
            #expect(try results["AAPL"]?.get() == [])
        }
    }

    @Test("a start date that is not YYYY-MM-DD is refused before any request")
    func badStartDate() async throws {
        try await withTwelveData([CannedReply(body: TwelveDataReplies.aapl)]) { client, script, _ in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL"], "2024/01/02")
            }
            #expect(error?.kind == .badRequest)
            #expect(error?.message == "start date \"2024/01/02\" is not a YYYY-MM-DD date")
            #expect(script.requests.isEmpty)
        }
    }
}
