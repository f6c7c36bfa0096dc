import MarketData
import Testing

@Suite("TwelveData API key")
struct TwelveDataKeyTests {
    @Test("the key travels in the Authorization header and never in the URL")
    func keyInHeaderOnly() async throws {
        try await withTwelveData([CannedReply(body: TwelveDataReplies.aapl)]) { client, script, _ in
            _ = try await client.dailyCloses(["AAPL"], "2024-01-02")
            let request = try #require(script.requests.first)
            #expect(request.authorization == "apikey \(testAPIKey)")
            #expect(!request.rawQuery.contains(testAPIKey))
            #expect(!request.path.contains(testAPIKey))
            #expect(request.parameters["apikey"] == nil)
        }
    }

    @Test("an error's description never shows the key, even when the reply echoes it")
    func keyRedactedFromErrors() async throws {
        let echo = TwelveDataReplies.error(401, "apikey \(testAPIKey) is not valid")
        try await withTwelveData([CannedReply(status: 401, body: echo)]) { client, _, _ in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL"], nil)
            }
            let description = try #require(error?.description)
            #expect(!description.contains(testAPIKey))
            #expect(description == "TwelveData unauthorized: apikey [redacted] is not valid")
        }
    }

    @Test("a non-JSON reply that echoes the key is redacted too")
    func keyRedactedFromBodySnippets() async throws {
        let reply = CannedReply(status: 500, body: "upstream failed for key \(testAPIKey)")
        try await withTwelveData([reply], maxAttempts: 1) { client, _, _ in
            let error = await #expect(throws: MarketDataError.self) {
                _ = try await client.dailyCloses(["AAPL"], nil)
            }
            #expect(
                error?.message == "HTTP 500 Internal Server Error: upstream failed for key [redacted] after 1 attempt")
        }
    }

    @Test("a configuration prints and dumps without its key")
    func configurationHidesKey() {
        let configuration = TwelveDataConfiguration(apiKey: testAPIKey)
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!String(describing: configuration).contains(testAPIKey))
        #expect(!String(reflecting: configuration).contains(testAPIKey))
        #expect(!dumped.contains(testAPIKey))
        #expect(dumped.contains("Basic"))
    }
}
