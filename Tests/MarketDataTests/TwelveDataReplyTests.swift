import MarketData
import Testing

@Suite("TwelveData reply checks")
struct TwelveDataReplyTests {
    @Test("a reply that is not JSON fails the call as a malformed response, without a retry")
    func notJSON() async throws {
        try await withTwelveData([CannedReply(body: "<html>oops</html>")]) { client, script, _ in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL"], nil)
            }
            #expect(
                error
                    == MarketDataError(
                        kind: .malformedResponse, message: "reply is not JSON: <html>oops</html>",
                        provider: "TwelveData"
                    ))
            #expect(script.requests.count == 1)
        }
    }

    @Test("a series without values is that symbol's malformed response")
    func noValues() async throws {
        let reply = #"{"meta":{"symbol":"AAPL","interval":"1day"},"status":"ok"}"#
        try await withTwelveData([CannedReply(body: reply)]) { client, _, _ in
            let results = try await client.dailyCloses(["AAPL"], nil)
            #expect(
                results["AAPL"]
                    == .failure(
                        MarketDataError(
                            kind: .malformedResponse, message: #"series for AAPL has no "values""#, symbol: "AAPL",
                            provider: "TwelveData")))
        }
    }

    @Test("a close that is not a positive decimal number makes that symbol's result a malformed response")
    func nonNumericClose() async throws {
        let reply = TwelveDataReplies.batch([
            ("AAPL", TwelveDataReplies.series("AAPL", [("2024-01-03", "N/A"), ("2024-01-02", "185.64000")])),
            ("MSFT", TwelveDataReplies.msft),
        ])
        try await withTwelveData([CannedReply(body: reply)]) { client, _, _ in
            let results = try await client.dailyCloses(["AAPL", "MSFT"], nil)
            #expect(
                results["AAPL"]
                    == .failure(
                        MarketDataError(
                            kind: .malformedResponse,
                            message: #"close "N/A" of AAPL on 2024-01-03 is not a positive decimal number"#,
                            symbol: "AAPL", provider: "TwelveData")))
            #expect(try results["MSFT"]?.get().count == 2)
        }
    }

    @Test("a zero close is refused like any close that is not a positive decimal")
    func zeroClose() async throws {
        let reply = TwelveDataReplies.series("AAPL", [("2024-01-02", "0.00000")])
        try await withTwelveData([CannedReply(body: reply)]) { client, _, _ in
            let results = try await client.dailyCloses(["AAPL"], nil)
            guard case .failure(let error) = results["AAPL"] else {
                Issue.record("expected a failure, got \(String(describing: results["AAPL"]))")
                return
            }
            #expect(error.message == #"close "0.00000" of AAPL on 2024-01-02 is not a positive decimal number"#)
        }
    }

    @Test("a close sent as a JSON number is refused: its exact text is lost")
    func numericClose() async throws {
        let reply = #"{"meta":{},"values":[{"datetime":"2024-01-02","close":185.64}],"status":"ok"}"#
        try await withTwelveData([CannedReply(body: reply)]) { client, _, _ in
            let results = try await client.dailyCloses(["AAPL"], nil)
            guard case .failure(let error) = results["AAPL"] else {
                Issue.record("expected a failure, got \(String(describing: results["AAPL"]))")
                return
            }
            #expect(error.kind == .malformedResponse)
            #expect(error.message == "close of AAPL on 2024-01-02 is a number, expected decimal text")
        }
    }

    @Test("a batch reply without an entry for a symbol asked for reports it for that symbol")
    func missingBatchEntry() async throws {
        let reply = TwelveDataReplies.batch([("AAPL", TwelveDataReplies.aapl)])
        try await withTwelveData([CannedReply(body: reply)]) { client, _, _ in
            let results = try await client.dailyCloses(["AAPL", "MSFT"], nil)
            #expect(try results["AAPL"]?.get().count == 3)
            #expect(
                results["MSFT"]
                    == .failure(
                        MarketDataError(
                            kind: .malformedResponse, message: "batch reply has no entry for MSFT", symbol: "MSFT",
                            provider: "TwelveData")))
        }
    }

    @Test("a datetime that is not a date makes that symbol's result a malformed response")
    func badDatetime() async throws {
        let reply = TwelveDataReplies.series("AAPL", [("2024-13-02", "185.64000")])
        try await withTwelveData([CannedReply(body: reply)]) { client, _, _ in
            let results = try await client.dailyCloses(["AAPL"], nil)
            guard case .failure(let error) = results["AAPL"] else {
                Issue.record("expected a failure, got \(String(describing: results["AAPL"]))")
                return
            }
            #expect(error.message == #"datetime "2024-13-02" of AAPL is not a YYYY-MM-DD date"#)
        }
    }
}
