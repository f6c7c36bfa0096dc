import AutoIndexServer
import EventSourcing
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `as_of`: the allocation, configuration, history and risk-metrics queries answer what they answered
/// at an earlier log position or moment.
@Suite("Point-in-time queries")
struct PointInTimeTests {
    static let queries = [
        "/api/v1/index/current", "/api/v1/index/history", "/api/v1/strategy/config",
        "/api/v1/strategy/config/history", "/api/v1/strategy/risk-metrics",
    ]

    @Test("as_of before a config change returns the old configuration, allocation, history and metrics, byte for byte")
    func beforeAConfigChange() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let before = try #require(
                try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int)
            var answered: [String: String] = [:]
            for query in Self.queries {
                let live = try await client.get(query + "?min_position=\(before)", token: admin)
                #expect(live.status == .ok)
                #expect(live.headers[.asOfPosition] == nil)
                answered[query] = String(buffer: live.body)
            }
            // The same position as the head: the snapshot equals the live read models exactly.
            for query in Self.queries {
                let past = try await client.get(query + "?as_of=\(before)", token: admin)
                #expect(past.status == .ok, "\(query)")
                #expect(past.headers[.asOfPosition] == String(before))
                #expect(past.headers[.eTag] == "\"at-\(before)\"")
                #expect(String(buffer: past.body) == answered[query], "\(query)")
            }

            let changed = try await client.send(
                .put, "/api/v1/strategy/config", token: admin,
                json:
                    #"{"momentum_weight": 0.5, "market_cap_weight": 0.2, "risk_parity_weight": 0.3, "risk_free_rate": 0.03, "reason": "more momentum"}"#
            )
            #expect(changed.status == .ok)
            let after = try #require(try TestServer.json(changed)["position"] as? Int)
            let now = try TestServer.json(
                try await client.get("/api/v1/strategy/config?min_position=\(after)", token: admin))
            #expect(now["config_version"] as? Int == 2)
            #expect(now["risk_free_rate"] as? Double == 0.03)
            for query in Self.queries where query != "/api/v1/index/history" {
                let live = try await client.get(query + "?min_position=\(after)", token: admin)
                #expect(String(buffer: live.body) != answered[query], "\(query) did not change")
            }

            for query in Self.queries {
                let past = try await client.get(query + "?as_of=\(before)", token: admin)
                #expect(String(buffer: past.body) == answered[query], "\(query)")
            }
            let old = try TestServer.json(try await client.get("/api/v1/strategy/config?as_of=\(before)", token: admin))
            #expect(old["config_version"] as? Int == 1)
            #expect(old["momentum_weight"] as? Double != 0.5)
            #expect(old["updated_by"] as? String == "system")
            let oldHistory = try TestServer.json(
                try await client.get("/api/v1/strategy/config/history?as_of=\(before)", token: admin))
            #expect((oldHistory["history"] as? [[String: Any]])?.count == 1)

            // A moment: the change's own recorded_at includes it, the moment before does not.
            let events =
                try TestServer.json(
                    try await client.get("/api/v1/events?after=\(before)&limit=1", token: admin))["events"]
                as? [[String: Any]]
            let recordedAt = try #require(events?.first?["recorded_at"] as? String)
            let atChange = try await client.get("/api/v1/strategy/config?as_of=\(recordedAt)", token: admin)
            #expect(try TestServer.json(atChange)["config_version"] as? Int == 2)
            #expect(Int(atChange.headers[.asOfPosition] ?? "") ?? 0 > before)
            let instant = try #require(UTCTimestamp.parse(recordedAt)).addingTimeInterval(-0.000_001)
            let justBefore = try await client.get(
                "/api/v1/strategy/config?as_of=\(UTCTimestamp.format(instant))", token: admin)
            #expect(try TestServer.json(justBefore)["config_version"] as? Int == 1)
            #expect(justBefore.headers[.asOfPosition] == String(before))
        }
    }

    @Test("a moment before the log began finds nothing, and a bad as_of is refused with 422")
    func outOfRange() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let token = try await client.register("reader@example.com")
            let empty = try await client.get("/api/v1/index/current?as_of=1999-12-31", token: token)
            #expect(empty.status == .notFound)
            #expect(
                String(buffer: empty.body)
                    == #"{"detail":"No allocations computed as of log position 0","status_code":404,"type":"not_found"}"#
            )
            let noConfig = try await client.get("/api/v1/strategy/config?as_of=0", token: token)
            #expect(
                String(buffer: noConfig.body)
                    == #"{"detail":"Strategy configuration not found as of log position 0","status_code":404,"type":"not_found"}"#
            )
            let metrics = try TestServer.json(
                try await client.get("/api/v1/strategy/risk-metrics?as_of=0", token: token))
            #expect((metrics["periods"] as? [Any])?.isEmpty == true)

            let head = try #require(
                Int(
                    try await client.get("/api/v1/index/current?as_of=2999-01-01", token: token)
                        .headers[.asOfPosition] ?? ""))
            let cases: [(String, String)] = [
                (
                    "/api/v1/index/current?as_of=\(head + 1)",
                    "as_of: \(head + 1) is beyond the log's last position \(head)"
                ),
                ("/api/v1/index/history?as_of=-3", "as_of: -3 is not a log position"),
                (
                    "/api/v1/strategy/config?as_of=last%20week",
                    "as_of: \\\"last week\\\" is neither a log position nor a timestamp (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"
                ),
                (
                    "/api/v1/index/currencies?as_of=5",
                    "as_of: /api/v1/index/currencies answers only from the current read models"
                ),
            ]
            for (uri, detail) in cases {
                let refused = try await client.get(uri, token: token)
                #expect(refused.status == .unprocessableContent, "\(uri)")
                #expect(
                    String(buffer: refused.body)
                        == #"{"detail":"\#(detail)","status_code":422,"type":"validation_error"}"#, "\(uri)")
            }
        }
    }

    @Test("an as_of answer is tagged by its position and answered 304 when the client has it")
    func notModified() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let token = try await client.register("reader@example.com")
            let first = try await client.get("/api/v1/index/history?as_of=2999-01-01", token: token)
            #expect(first.status == .ok)
            let position = try #require(first.headers[.asOfPosition])
            #expect(first.headers[.eTag] == "\"at-\(position)\"")
            let again = try await client.execute(
                uri: "/api/v1/index/history?as_of=\(position)", method: .get,
                headers: [.authorization: "Bearer \(token)", .ifNoneMatch: "\"at-\(position)\""])
            #expect(again.status == .notModified)
            #expect(again.headers[.asOfPosition] == position)
        }
    }
}

extension HTTPField.Name {
    static let asOfPosition = Self("X-As-Of-Position")!
}
