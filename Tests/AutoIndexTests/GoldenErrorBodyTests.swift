import AutoIndexServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MarketData
import Testing

/// Every kind of error the API answers, each body compared byte for byte with
/// `Golden/error-bodies.txt` (regenerate with `AUTOINDEX_UPDATE_GOLDEN=1 swift test --filter Golden`
/// and review the diff).
@Suite("Golden error bodies")
struct GoldenErrorBodyTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/error-bodies.txt")

    @Test("each error type's status, content type and body are exactly the golden ones")
    func errorBodies() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let clock = TestClock()
        let configuration = try TestServer.configuration(
            scratch.path("log.sqlite"), auth: try TestServer.auth(now: clock.reading),
            marketData: .canned(provider: "canned"))
        let app = try await buildApplication(configuration)
        let lines = try await app.test(.live) { client in
            var lines: [String] = []
            let user = try await client.register("bo@example.com")
            let admin = try await client.register(TestServer.admin)
            func record(_ name: String, _ response: TestResponse) {
                lines.append(
                    "\(name): \(response.status.code) \(response.headers[.contentType] ?? "-") \(String(buffer: response.body))"
                )
            }
            record("not_found", try await client.send(.get, "/api/v1/nowhere"))
            record("method_not_allowed", try await client.send(.delete, "/api/v1/index/current"))
            record("not_authenticated", try await client.send(.get, "/api/v1/index/current"))
            record("invalid_token", try await client.send(.get, "/api/v1/index/current", token: "abc.def.ghi"))
            record("forbidden", try await client.send(.get, "/api/v1/events", token: user))
            record("malformed_json", try await client.send(.post, "/api/v1/index/simulate", token: user, json: "{"))
            record(
                "validation_error",
                try await client.send(.get, "/api/v1/index/history?limit=abc&end_date=2023-13-01", token: user))
            record(
                "validation_error_body",
                try await client.send(.post, "/api/v1/index/simulate", token: user, json: #"{"amount": true}"#))
            record("not_found_resource", try await client.send(.get, "/api/v1/index/current", token: user))
            record(
                "email_taken",
                try await client.send(
                    .post, "/api/v1/auth/register",
                    json: #"{"email": "bo@example.com", "password": "\#(TestServer.password)"}"#))
            for _ in 0..<5 {
                record(
                    "invalid_credentials",
                    try await client.send(
                        .post, "/api/v1/auth/login", json: #"{"email": "bo@example.com", "password": "Nope-Nope-1"}"#))
            }
            record(
                "too_many_attempts",
                try await client.send(
                    .post, "/api/v1/auth/login", json: #"{"email": "bo@example.com", "password": "Nope-Nope-1"}"#))
            record("upstream_error", try await client.send(.post, "/api/v1/diagnostics/test-refresh", token: admin))
            record(
                "body_too_large",
                try await client.send(
                    .post, "/api/v1/auth/register",
                    json: #"{"email": "x@example.com", "password": ""# + String(repeating: "a", count: 1_100_000)
                        + #""}"#))
            clock.advance(minutes: 61)
            record("token_expired", try await client.send(.get, "/api/v1/index/current", token: user))
            return lines
        }
        let text = Set(lines).sorted().joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["AUTOINDEX_UPDATE_GOLDEN"] == "1" {
            try text.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: Self.golden, encoding: .utf8)))
    }
}
