import MarketData
import Testing

@Suite("TwelveData retries")
struct TwelveDataRetryTests {
    @Test("an HTTP 429 is retried after the backoff, and the next try waits for the next minute")
    func http429ThenSuccess() async throws {
        let replies = [
            CannedReply(status: 429, body: TwelveDataReplies.error(429, TwelveDataReplies.rateLimit)),
            CannedReply(body: TwelveDataReplies.aapl),
        ]
        try await withTwelveData(replies) { client, script, clock in
            let results = try await client.dailyCloses(["AAPL"], nil)
            #expect(try results["AAPL"]?.get().count == 3)
            #expect(script.requests.count == 2)
            // 1 s of backoff, then the limiter waits out the minute TwelveData said was spent.
            #expect(clock.sleeps == [.seconds(1), .seconds(59)])
        }
    }

    @Test("HTTP 500 three times ends in an upstream error that says how many tries it took")
    func http500Thrice() async throws {
        let replies = [CannedReply(status: 500, body: TwelveDataReplies.error(500, "Internal Server Error"))]
        try await withTwelveData(replies, maxAttempts: 3) { client, script, clock in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL"], nil)
            }
            #expect(
                error
                    == MarketDataError(
                        kind: .upstream, code: 500, message: "Internal Server Error after 3 attempts",
                        provider: "TwelveData"))
            #expect(error?.description == "TwelveData upstream error: Internal Server Error after 3 attempts")
            #expect(script.requests.count == 3)
            #expect(clock.sleeps == [.seconds(1), .seconds(2)])
        }
    }

    @Test("an HTTP 502 without a JSON body is an upstream error named by its status")
    func http502WithoutJSON() async throws {
        let replies = [CannedReply(status: 502, body: "<html>Bad Gateway</html>")]
        try await withTwelveData(replies, maxAttempts: 2) { client, script, _ in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL"], nil)
            }
            #expect(error?.kind == .upstream)
            #expect(error?.code == 502)
            #expect(error?.message == "HTTP 502 Bad Gateway: <html>Bad Gateway</html> after 2 attempts")
            #expect(script.requests.count == 2)
        }
    }

    @Test("backoff doubles from the base and stops at the cap")
    func backoffCapped() async throws {
        let replies = [CannedReply(status: 503, body: TwelveDataReplies.error(503, "Service Unavailable"))]
        try await withTwelveData(
            replies,
            maxAttempts: 5, backoffCap: .seconds(3)
        ) { client, _, clock in
            await #expect(throws: MarketDataError.self) { _ = try await client.dailyCloses(["AAPL"], nil) }
            #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(3), .seconds(3)])
        }
    }

    @Test("an HTTP 200 carrying body code 429 is a rate limit and is retried")
    func bodyCode429ThenSuccess() async throws {
        let replies = [
            CannedReply(status: 200, body: TwelveDataReplies.error(429, TwelveDataReplies.rateLimit)),
            CannedReply(body: TwelveDataReplies.aapl),
        ]
        try await withTwelveData(replies) { client, script, _ in
            let results = try await client.dailyCloses(["AAPL"], nil)
            #expect(try results["AAPL"]?.get().count == 3)
            #expect(script.requests.count == 2)
        }
    }

    @Test("body code 429 on every try ends in 'TwelveData rate limit: <message> after 4 attempts'")
    func bodyCode429Always() async throws {
        let replies = [CannedReply(status: 200, body: TwelveDataReplies.error(429, TwelveDataReplies.rateLimit))]
        try await withTwelveData(replies) { client, script, _ in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL"], nil)
            }
            #expect(error?.kind == .rateLimited)
            #expect(error?.code == 429)
            #expect(error?.description == "TwelveData rate limit: \(TwelveDataReplies.rateLimit) after 4 attempts")
            #expect(script.requests.count == 4)
        }
    }

    @Test("a 401 invalid key fails at once, without a retry")
    func invalidKeyNotRetried() async throws {
        let replies = [CannedReply(status: 401, body: TwelveDataReplies.error(401, TwelveDataReplies.invalidKey))]
        try await withTwelveData(replies) { client, script, clock in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL", "MSFT"], nil)
            }
            #expect(
                error
                    == MarketDataError(
                        kind: .unauthorized, code: 401, message: TwelveDataReplies.invalidKey, provider: "TwelveData"))
            #expect(script.requests.count == 1)
            #expect(clock.sleeps.isEmpty)
        }
    }

    @Test("an HTTP 200 carrying body code 401 fails at once too")
    func bodyCode401NotRetried() async throws {
        let replies = [CannedReply(status: 200, body: TwelveDataReplies.error(401, TwelveDataReplies.invalidKey))]
        try await withTwelveData(replies) { client, script, _ in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL"], nil)
            }
            #expect(error?.kind == .unauthorized)
            #expect(script.requests.count == 1)
        }
    }

    @Test("a 403 for a symbol the plan does not cover is that symbol's failure, not the call's")
    func planGatedSymbol() async throws {
        let gated = "This symbol is available starting with Pro plan."
        let replies = [CannedReply(status: 403, body: TwelveDataReplies.error(403, gated))]
        try await withTwelveData(replies) { client, script, _ in
            let results = try await client.dailyCloses(["HSI"], nil)
            #expect(
                results["HSI"]
                    == .failure(
                        MarketDataError(
                            kind: .unauthorized, code: 403, message: gated, symbol: "HSI", provider: "TwelveData")))
            #expect(script.requests.count == 1)
        }
    }

    @Test("a per-symbol 429 in a batch is retried for that symbol alone")
    func perSymbolRateLimitRetried() async throws {
        let first = TwelveDataReplies.batch([
            ("AAPL", TwelveDataReplies.aapl), ("MSFT", TwelveDataReplies.error(429, TwelveDataReplies.rateLimit)),
        ])
        let replies = [CannedReply(body: first), CannedReply(body: TwelveDataReplies.msft)]
        try await withTwelveData(replies) { client, script, _ in
            let results = try await client.dailyCloses(["AAPL", "MSFT"], nil)
            #expect(try results["AAPL"]?.get().count == 3)
            #expect(try results["MSFT"]?.get().count == 2)
            #expect(script.requests.map { $0.parameters["symbol"] } == ["AAPL,MSFT", "MSFT"])
            #expect(await client.creditsUsed() == 3)
        }
    }

    @Test("no reply within the request timeout is retried, then reported as a timeout")
    func timeoutRetried() async throws {
        let replies = [CannedReply(body: TwelveDataReplies.aapl, delay: .milliseconds(600))]
        try await withTwelveData(
            replies,
            maxAttempts: 2, requestTimeout: .milliseconds(100)
        ) { client, _, clock in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL"], nil)
            }
            #expect(error?.kind == .timeout)
            #expect(error?.message.hasSuffix("after 2 attempts") == true)
            // The one backoff shows the retry; how many requests reached the server before their deadline depends on
            // the machine's load, so it is not asserted.
            #expect(clock.sleeps == [.seconds(1)])
        }
    }
}
