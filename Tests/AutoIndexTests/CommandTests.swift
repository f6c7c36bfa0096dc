import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MarketData
import Testing

@testable import AutoIndexServer

/// The admin commands through the real server: strategy changes, rebalances, refresh jobs, the log,
/// roles, and read-your-writes.
@Suite("HTTP commands")
struct CommandTests {
    /// Every admin command, as a plain user would try it.
    static let adminCommands: [(HTTPRequest.Method, String, String?)] = [
        (.put, "/api/v1/strategy/config", #"{"rebalance_frequency": "weekly"}"#),
        (.post, "/api/v1/strategy/rebalance", nil),
        (.post, "/api/v1/tasks/refresh", nil),
        (.post, "/api/v1/manual/trigger-refresh", nil),
        (.get, "/api/v1/tasks/00000000-0000-0000-0000-000000000000", nil),
        (.post, "/api/v1/diagnostics/test-refresh", nil),
        (.get, "/api/v1/events", nil),
        (.put, "/api/v1/users/u0/role", #"{"role": "admin"}"#),
        (.get, "/api/v1/audit/verify", nil),
    ]

    @Test("every admin command refuses a plain user with 403 and an anonymous caller with 401, changing nothing")
    func roleChecks() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let user = try await client.register("bo@example.com")
            let admin = try await client.register(TestServer.admin)
            let before =
                try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int
            for (method, path, body) in Self.adminCommands {
                let refused = try await client.send(method, path, token: user, json: body)
                #expect(refused.status == .forbidden, "\(method) \(path)")
                #expect(
                    String(buffer: refused.body)
                        == #"{"detail":"this needs the admin role","status_code":403,"type":"forbidden"}"#)
                let anonymous = try await client.send(method, path, json: body)
                #expect(anonymous.status == .unauthorized, "\(method) \(path)")
            }
            let after =
                try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int
            #expect(before == after)
        }
    }

    @Test("an admin grants and withdraws the admin role, effective on the next request")
    func grantRole() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")))
        try await app.test(.live) { client in
            let user = try await client.register("bo@example.com")
            let admin = try await client.register(TestServer.admin)
            let me = try TestServer.json(try await client.get("/api/v1/auth/me", token: user))
            let id = try #require(me["id"] as? String)

            let granted = try await client.send(
                .put, "/api/v1/users/\(id)/role", token: admin, json: #"{"role": "admin", "reason": "runs reviews"}"#)
            let grant = try TestServer.json(granted)
            #expect(grant["role"] as? String == "admin")
            #expect(try await client.get("/api/v1/events?limit=1", token: user).status == .ok)

            let events =
                try TestServer.json(
                    try await client.get("/api/v1/events?type=RoleGranted", token: admin))["events"] as? [[String: Any]]
            let event = try #require(events?.first)
            #expect(event["actor"] as? String == TestServer.admin)
            #expect(event["position"] as? Int == grant["position"] as? Int)
            let payload = try #require(event["payload"] as? [String: Any])
            #expect(payload["previous_role"] as? String == "user")
            #expect(payload["reason"] as? String == "runs reviews")

            _ = try await client.send(.put, "/api/v1/users/\(id)/role", token: admin, json: #"{"role": "user"}"#)
            #expect(try await client.get("/api/v1/events?limit=1", token: user).status == .forbidden)

            let bad = try await client.send(.put, "/api/v1/users/\(id)/role", token: admin, json: #"{"role": "root"}"#)
            #expect(
                String(buffer: bad.body)
                    == #"{"detail":"role: \"root\" is not user or admin","status_code":422,"type":"validation_error"}"#)
            let unknown = try await client.send(
                .put, "/api/v1/users/u404/role", token: admin, json: #"{"role": "admin"}"#)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("PUT strategy/config validates every field, appends ConfigUpdated with actor and reason, and rebalances")
    func changeConfig() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let head = try #require(
                try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int)

            let invalid = try await client.send(
                .put, "/api/v1/strategy/config", token: admin,
                json:
                    #"{"momentum_weight": 0.5, "rebalance_frequency": "fortnightly", "max_forward_fill_days": 99, "colour": "red"}"#
            )
            #expect(
                String(buffer: invalid.body)
                    == #"{"detail":"colour: unknown field; momentum_weight + market_cap_weight + risk_parity_weight: sum to 1.1, not 1; max_forward_fill_days: 99 is not between 0 and 30; rebalance_frequency: \"fortnightly\" is not daily, weekly, monthly, quarterly, yearly or drift:<band>","status_code":422,"type":"validation_error"}"#
            )
            let wrongType = try await client.send(
                .put, "/api/v1/strategy/config", token: admin, json: #"{"momentum_weight": "high"}"#)
            #expect(
                String(buffer: wrongType.body)
                    == #"{"detail":"field momentum_weight has the wrong type","status_code":422,"type":"validation_error"}"#
            )
            #expect(
                try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int
                    == head)

            let changed = try await client.send(
                .put, "/api/v1/strategy/config", token: admin,
                json:
                    #"{"momentum_weight": 0.5, "market_cap_weight": 0.2, "risk_parity_weight": 0.3, "rebalance_frequency": "Weekly", "reason": "more momentum"}"#
            )
            #expect(changed.status == .ok)
            let answer = try TestServer.json(changed)
            #expect(answer["message"] as? String == "Configuration updated and index rebalanced")
            #expect(answer["config_version"] as? Int == 2)
            #expect(
                answer["changed_fields"] as? [String]
                    == ["momentum_weight", "market_cap_weight", "rebalance_frequency"])
            #expect(answer["rebalanced"] as? Bool == true)
            let position = try #require(answer["position"] as? Int)
            #expect(position == head + 4)

            let config = try TestServer.json(
                try await client.get("/api/v1/strategy/config?min_position=\(position)", token: admin))
            #expect(config["config_version"] as? Int == 2)
            #expect(config["rebalance_frequency"] as? String == "weekly")
            #expect(config["updated_by"] as? String == TestServer.admin)
            #expect(config["reason"] as? String == "more momentum")
            let history = try TestServer.json(
                try await client.get("/api/v1/strategy/config/history?min_position=\(position)", token: admin))
            #expect((history["history"] as? [[String: Any]])?.count == 2)

            let log =
                try TestServer.json(
                    try await client.get("/api/v1/events?after=\(head)", token: admin))["events"] as? [[String: Any]]
            #expect(
                log?.map { $0["type"] as? String }
                    == ["ConfigUpdated", "RebalanceRequested", "WeightsCalculated", "AllocationChanged"])
            let request = try #require(log?[1]["payload"] as? [String: Any])
            #expect(request["trigger"] as? String == "config_change")
            #expect(log?[1]["actor"] as? String == TestServer.admin)
            #expect(log?[1]["correlation_id"] as? String == log?[3]["correlation_id"] as? String)

            let same = try TestServer.json(
                try await client.send(
                    .put, "/api/v1/strategy/config", token: admin, json: #"{"rebalance_frequency": "weekly"}"#))
            #expect(same["message"] as? String == "Configuration unchanged")
            #expect(same["position"] as? Int == head + 1)
        }
    }

    @Test("POST strategy/rebalance appends a manual rebalance at the last close, atomically")
    func rebalance() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let history = try TestServer.json(try await client.get("/api/v1/index/history", token: admin))
            let lastDate = try #require((history["series"] as? [[String: Any]])?.last?["date"] as? String)
            let head = try #require(
                try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int)
            let before = try await client.get("/api/v1/index/current?min_position=\(head)", token: admin)
            let etag = try #require(before.headers[.eTag])
            let revalidated = try await client.execute(
                uri: "/api/v1/index/current", method: .get,
                headers: [.authorization: "Bearer \(admin)", .ifNoneMatch: "W/\"0\", \(etag)"])
            #expect(revalidated.status == .notModified)
            #expect(revalidated.body.readableBytes == 0)
            let answer = try TestServer.json(
                try await client.send(
                    .post, "/api/v1/strategy/rebalance", token: admin, json: #"{"reason": "quarterly review"}"#))
            #expect(answer["date"] as? String == lastDate)
            let position = try #require(answer["position"] as? Int)
            let log =
                try TestServer.json(
                    try await client.get("/api/v1/events?after=\(position - 3)", token: admin))["events"]
                as? [[String: Any]]
            #expect(
                log?.map { $0["type"] as? String } == ["RebalanceRequested", "WeightsCalculated", "AllocationChanged"])
            let request = try #require(log?.first?["payload"] as? [String: Any])
            #expect(request["trigger"] as? String == "manual")
            #expect(request["reason"] as? String == "quarterly review")
            let after = try await client.execute(
                uri: "/api/v1/index/current?min_position=\(position)", method: .get,
                headers: [.authorization: "Bearer \(admin)", .ifNoneMatch: etag])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != etag)
            #expect(try TestServer.json(after)["date"] as? String == lastDate)
        }
    }

    @Test("the log pages by position, filters by stream and type, and shows payloads as stored")
    func events() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let first = try TestServer.json(try await client.get("/api/v1/events?limit=2", token: admin))
            let events = try #require(first["events"] as? [[String: Any]])
            #expect(events.map { $0["position"] as? Int } == [1, 2])
            #expect(first["next_after"] as? Int == 2)
            #expect((events.first?["hash"] as? String)?.count == 64)
            let next = try TestServer.json(try await client.get("/api/v1/events?after=2&limit=1", token: admin))
            #expect((next["events"] as? [[String: Any]])?.first?["position"] as? Int == 3)

            let aapl = try TestServer.json(
                try await client.get("/api/v1/events?stream=asset-AAPL&type=PriceFetched&limit=1000", token: admin))
            let prices = try #require(aapl["events"] as? [[String: Any]])
            #expect(prices.count == 300)
            #expect(aapl["next_after"] is NSNull)
            #expect((prices.first?["payload"] as? [String: Any])?["close"] as? String == "100.000")

            let bad = try await client.get("/api/v1/events?type=Nope&limit=0&stream=Bad", token: admin)
            #expect(
                String(buffer: bad.body)
                    == #"{"detail":"limit: \"0\" is not a whole number from 1 to 1000; stream: invalid stream name \"Bad\": expected category-id (category: a lowercase letter, then letters or digits); type: \"Nope\" is not an event type of the catalog","status_code":422,"type":"validation_error"}"#
            )
        }
    }

    @Test("a refresh job answers 202 with its id, fetches, values the new days, and reports when done")
    func refreshJob() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let closes: [String: [DailyClose]] = [
            "AAPL": [.init(date: "2024-02-26", close: "101.5"), .init(date: "2024-02-27", close: "102.25")],
            "KO": [.init(date: "2024-02-26", close: "41.1"), .init(date: "2024-02-27", close: "41.3")],
            "SPX": [.init(date: "2024-02-26", close: "3900.5"), .init(date: "2024-02-27", close: "3910.75")],
        ]
        let fx = Dictionary(
            uniqueKeysWithValues: ["USD", "GBP", "JPY", "CHF"].map {
                ("EUR/\($0)", [DailyClose(date: "2024-02-26", close: "1.08")])
            })
        var configuration = try await TestServer.seeded(scratch, marketData: .canned(dailyCloses: closes, fxRates: fx))
        // The jobs' times come from the app's clock, not the system's.
        let moment = Date(timeIntervalSince1970: 1_800_000_000)
        configuration.clock = .fixed(moment)
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let started = try await client.send(.post, "/api/v1/tasks/refresh", token: admin)
            #expect(started.status == .accepted)
            let job = try TestServer.json(started)
            let id = try #require(job["job_id"] as? String)
            #expect(started.headers[.location] == "/api/v1/tasks/\(id)")
            #expect(job["started_by"] as? String == TestServer.admin)

            var status: [String: Any] = [:]
            for _ in 0..<200 {
                status = try TestServer.json(try await client.get("/api/v1/tasks/\(id)", token: admin))
                if status["status"] as? String != "running" { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(status["status"] as? String == "completed")
            #expect(status["started_at"] as? String == "2027-01-15T08:00:00.000000Z")
            #expect(status["finished_at"] as? String == "2027-01-15T08:00:00.000000Z")
            let result = try #require(status["result"] as? [String: Any])
            #expect(result["prices_appended"] as? Int == 6)
            #expect(result["fx_rates_appended"] as? Int == 4)
            #expect(result["valued_days"] as? Int == 2)
            #expect(result["last_valued_date"] as? String == "2024-02-27")
            let position = try #require(result["position"] as? Int)

            let history = try TestServer.json(
                try await client.get("/api/v1/index/history?min_position=\(position)", token: admin))
            #expect((history["series"] as? [[String: Any]])?.last?["date"] as? String == "2024-02-27")
            let refreshes = try TestServer.json(
                try await client.get("/api/v1/diagnostics/refresh-status?min_position=\(position)", token: admin))
            #expect((refreshes["last_refresh"] as? [String: Any])?["refresh_id"] as? String == id)

            let check = try TestServer.json(
                try await client.send(.post, "/api/v1/diagnostics/test-refresh", token: admin))
            #expect(check["provider"] as? String == "canned")
            #expect(check["symbol"] as? String == "AAPL")
            let unknown = try await client.get("/api/v1/tasks/nope", token: admin)
            #expect(
                String(buffer: unknown.body) == #"{"detail":"Job nope not found","status_code":404,"type":"not_found"}"#
            )
        }
    }

    @Test("without a market-data provider, refresh commands are 503 and append nothing")
    func noProvider() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            for path in ["/api/v1/tasks/refresh", "/api/v1/manual/trigger-refresh"] {
                let refused = try await client.send(.post, path, token: admin)
                #expect(
                    String(buffer: refused.body)
                        == #"{"detail":"no market-data provider: set TWELVEDATA_API_KEY to refresh","status_code":503,"type":"market_data_unavailable"}"#
                )
            }
            #expect(
                try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int == 1)
        }
    }

    @Test("min_position waits for the read model; a position beyond the log or malformed is 422")
    func readYourWrites() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")))
        try await app.test(.live) { client in
            let token = try await client.register("bo@example.com")
            let me = try TestServer.json(try await client.get("/api/v1/auth/me?min_position=1", token: token))
            #expect(me["registered_position"] as? Int == 1)
            let ahead = try await client.get("/api/v1/strategy/config/history?min_position=99", token: token)
            #expect(
                String(buffer: ahead.body)
                    == #"{"detail":"min_position: 99 is beyond the log's last position 1","status_code":422,"type":"validation_error"}"#
            )
            #expect(
                try await client.get("/api/v1/strategy/config/history?min_position=1", token: token).status == .ok)
            let bad = try await client.get("/api/v1/index/current?min_position=-1", token: token)
            #expect(
                String(buffer: bad.body)
                    == #"{"detail":"min_position: \"-1\" is not a whole number of at least 0","status_code":422,"type":"validation_error"}"#
            )
        }
    }

    @Test("a read model that does not reach the position in time is 503 not_caught_up")
    func notCaughtUp() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        _ = try await store.append(
            try Accounts.register(
                userId: "u1", email: try EmailAddress("bo@example.com"), passwordHash: "$2b$04$x", role: .user
            ).request(metadata: EventMetadata(actor: "test")))
        let runner = store.projectionRunner()
        try await runner.prepare()
        let readModels = ReadModels(runner: runner, store: store, database: store.database, timeout: .milliseconds(100))
        await #expect(
            throws: APIError(
                .serviceUnavailable, type: "not_caught_up",
                detail: "the users read model has not reached position 1 yet; retry shortly")
        ) {
            try await readModels.waitForHead("users")
        }
        try await runner.catchUp()
        try await readModels.waitForHead("users")
    }

    @Test("a configuration the engine cannot run on the recorded data is refused before it is recorded")
    func unrunnableConfig() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let head = try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int
            // One daily return per asset: equal risk contribution has no covariance to work with.
            for body in [#"{"risk_parity_method": "equal_risk_contribution", "volatility_lookback_days": 2}"#] {
                let refused = try await client.send(.put, "/api/v1/strategy/config", token: admin, json: body)
                #expect(refused.status == .unprocessableContent, "\(body): \(String(buffer: refused.body))")
                #expect(
                    String(buffer: refused.body).contains(
                        "config: the engine cannot run this configuration on the recorded data") == false)
                #expect(
                    String(buffer: refused.body).hasPrefix(
                        #"{"detail":"the engine cannot run this configuration on the recorded data: "#))
            }
            #expect(
                try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int
                    == head)
            #expect(try await client.send(.post, "/api/v1/strategy/rebalance", token: admin).status == .ok)
        }
    }
}
