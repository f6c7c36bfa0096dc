import AutoIndexServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What-if replay through the API and the CLI: an overlay that never touches the log.
@Suite("Strategy replay")
struct StrategyReplayTests {
    @Test("re-running the recorded configuration reproduces the recorded values exactly; another one differs")
    func replay() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let token = try await client.register("bo@example.com")
            let head =
                try TestServer.json(try await client.get("/api/v1/diagnostics/database-status", token: token))[
                    "log_head"] as? Int
            let history = try #require(
                try TestServer.json(try await client.get("/api/v1/index/history", token: token))["series"]
                    as? [[String: Any]])

            let same = try TestServer.json(
                try await client.send(.post, "/api/v1/strategy/replay", token: token, json: "{}"))
            #expect(same["identical_values"] as? Bool == true)
            let actual = try #require(same["actual"] as? [String: Any])
            let alternative = try #require(same["alternative"] as? [String: Any])
            let series = try #require(alternative["series"] as? [[String: Any]])
            #expect(series.count == history.count)
            let base = try #require(history.first?["value"] as? Double)
            let actualSeries = try #require(actual["series"] as? [[String: Any]])
            for ((point, recorded), actualPoint) in zip(zip(series, history), actualSeries) {
                #expect(point["date"] as? String == recorded["date"] as? String)
                #expect(point["value"] as? Double == actualPoint["value"] as? Double)
                let rebased = try #require(recorded["value"] as? Double) / base * 100
                #expect(abs(try #require(point["value"] as? Double) - rebased) < 1e-12)
            }
            #expect((actual["rebalances"] as? [Any])?.count == (alternative["rebalances"] as? [Any])?.count)
            #expect(
                (alternative["risk_metrics"] as? [String: Any])?["total_return"] as? Double
                    == (actual["risk_metrics"] as? [String: Any])?["total_return"] as? Double)

            let start = try #require(history[10]["date"] as? String)
            let weekly = try TestServer.json(
                try await client.send(
                    .post, "/api/v1/strategy/replay", token: token,
                    json: #"{"config": {"rebalance_frequency": "weekly"}, "start_date": "\#(start)"}"#))
            #expect(weekly["start_date"] as? String == start)
            #expect((weekly["config"] as? [String: Any])?["rebalance_frequency"] as? String == "weekly")
            let weeklyRebalances = try #require(
                (weekly["alternative"] as? [String: Any])?["rebalances"] as? [[String: Any]])
            let monthlyRebalances = try #require(
                (weekly["actual"] as? [String: Any])?["rebalances"] as? [[String: Any]])
            #expect(weeklyRebalances.count > monthlyRebalances.count)
            #expect(weekly["identical_values"] as? Bool == false)
            #expect(
                ((weekly["alternative"] as? [String: Any])?["series"] as? [[String: Any]])?.first?["value"] as? Double
                    == 100)

            let bad = try await client.send(
                .post, "/api/v1/strategy/replay", token: token,
                json: #"{"config": {"momentum_weight": 2}, "end_date": "2023-02-30"}"#)
            #expect(
                String(buffer: bad.body)
                    == #"{"detail":"end_date: \"2023-02-30\" is not a date YYYY-MM-DD","status_code":422,"type":"validation_error"}"#
            )
            let invalid = try await client.send(
                .post, "/api/v1/strategy/replay", token: token, json: #"{"config": {"momentum_weight": 2}}"#)
            #expect(
                String(buffer: invalid.body).hasPrefix(
                    #"{"detail":"config: momentum_weight: 2.0 is not between 0.0 and 1.0"#))
            let after =
                try TestServer.json(try await client.get("/api/v1/diagnostics/database-status", token: token))[
                    "log_head"] as? Int
            #expect(after == head)
        }
    }

    @Test("autoindex replay prints the same comparison")
    func commandLine() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try await TestServer.seeded(scratch).database.localFile
        let run = try CommandLineTests().autoindex([
            "replay", "--database", path, "--config", #"{"max_weight": 0.6}"#,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((answer["config"] as? [String: Any])?["max_weight"] as? Double == 0.6)
        #expect(answer["identical_values"] is Bool)
        let refused = try CommandLineTests().autoindex(["replay", "--database", path, "--config", #"{"colour": 1}"#])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--config: colour: unknown field"))
    }
}
