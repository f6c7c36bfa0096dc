import AutoIndexServer
import EventStoreSQLite
import Foundation
import Hummingbird
import HummingbirdTesting
import IndexEngine
import IndexService
import MarketData
import Testing

/// The HTTP front, served for real on loopback against a SQLite file.
@Suite("HTTP server")
struct ServerTests {
    private static func configuration(_ scratch: ScratchDirectory) throws -> AppConfiguration {
        try TestServer.configuration(scratch.path("log.sqlite"))
    }

    private static func text(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

    @Test("/health answers healthy and / names the API")
    func health() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try Self.configuration(scratch))
        try await app.test(.live) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(Self.text(response.body).contains(#""status":"healthy""#))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(Self.text(response.body) == #"{"docs":"/docs","message":"AutoIndex API","version":"0.4.0"}"#)
            }
        }
    }

    @Test("an unknown route is 404 and a wrong method 405, both with the JSON error body")
    func errorBodies() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try Self.configuration(scratch))
        try await app.test(.live) { client in
            try await client.execute(uri: "/api/v1/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/json")
                #expect(
                    Self.text(response.body)
                        == #"{"detail":"no route for GET /api/v1/nope","status_code":404,"type":"not_found"}"#)
            }
            try await client.execute(uri: "/health", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(
                    Self.text(response.body)
                        == #"{"detail":"DELETE is not allowed on /health; use GET","status_code":405,"type":"method_not_allowed"}"#
                )
            }
        }
    }

    @Test("/metrics counts requests per route and status, and each request carries a request id")
    func metrics() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try Self.configuration(scratch))
        try await app.test(.live) { client in
            let echoed = try await client.execute(
                uri: "/health", method: .get, headers: [.init("X-Request-Id")!: "abc-123"])
            #expect(echoed.headers[.init("X-Request-Id")!] == "abc-123")
            let fresh = try await client.execute(
                uri: "/health", method: .get, headers: [.init("X-Request-Id")!: "bad id!"])
            // Hummingbird's id: a per-process hex prefix (no leading zeros) and a 16-digit hex counter.
            let generated = try #require(fresh.headers[.init("X-Request-Id")!])
            #expect((17...32).contains(generated.count))
            #expect(generated.allSatisfy { $0.isHexDigit })
            _ = try await client.execute(uri: "/api/v1/nope", method: .get)
            _ = try await client.register("bo@example.com")
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(text.contains(#"autoindex_http_requests_total{method="GET",route="/health",status="200"} 2"#))
            #expect(text.contains(#"autoindex_http_requests_total{method="GET",route="NotFound",status="404"} 1"#))
            #expect(
                text.contains(
                    #"autoindex_http_requests_total{method="POST",route="/api/v1/auth/register",status="200"} 1"#))
            #expect(text.contains(#"autoindex_http_request_duration_seconds_count{method="GET",route="/health"} 2"#))
            #expect(text.contains("autoindex_log_head_position 1.0"))
            #expect(text.contains(#"autoindex_projection_lag_events{projection="users"}"#))
        }
    }

    @Test("/ready lists every read model once they have caught up")
    func ready() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try Self.configuration(scratch))
        try await app.test(.live) { client in
            var body = ""
            for _ in 0..<50 {
                let response = try await client.execute(uri: "/ready", method: .get)
                body = Self.text(response.body)
                if response.status == .ok { break }
                #expect(response.status == .serviceUnavailable)
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(
                body.hasPrefix(
                    #"{"leader":true,"projections":[{"checkpoint":0,"head":0,"lag":0,"name":"users","version":2}"#))
            #expect(body.hasSuffix(#""ready":true}"#))
        }
    }
}

/// The index endpoints on a log holding the synthetic market and its computed index.
@Suite("HTTP index endpoints")
struct ServerIndexTests {
    private static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8)) as? [String: Any])
    }

    @Test("current, history, asset history, benchmark and currencies answer in the original's shapes")
    func endpoints() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let token = try await client.register("reader@example.com")
            let current = try Self.json(try await client.get("/api/v1/index/current", token: token).body)
            let allocations = try #require(current["allocations"] as? [[String: Any]])
            #expect(Set(allocations.compactMap { $0["symbol"] as? String }).isSubset(of: ["AAPL", "KO"]))
            // Each allocation's returns, worked from the price file itself: the last close over the one
            // before, and over the last close of 2023 (the file runs into 2024), minus 1.
            let closes = SyntheticPrices.file().split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
            for allocation in allocations {
                let symbol = try #require(allocation["symbol"] as? String)
                let rows = closes.filter { $0[1] == Substring(symbol) }
                let last = try #require(rows.last.flatMap { Double($0[2]) })
                let previous = try #require(Double(rows[rows.count - 2][2]))
                #expect(rows.last?[0].hasPrefix("2024-") == true)
                let yearEnd = try #require(rows.last { $0[0].hasPrefix("2023-") }.flatMap { Double($0[2]) })
                // Within a few ulps: Foundation's JSON parser does not always round the last digit.
                let daily = try #require(allocation["daily_return"] as? Double)
                let yearToDate = try #require(allocation["ytd_return"] as? Double)
                #expect(abs(daily - (last / previous - 1)) < 1e-15, "\(symbol)")
                #expect(abs(yearToDate - (last / yearEnd - 1)) < 1e-15, "\(symbol)")
            }
            #expect(current["total_assets"] as? Int == allocations.count)
            let weights = allocations.compactMap { $0["weight"] as? Double }
            #expect(abs(weights.reduce(0, +) - 1) < 1e-12)

            let history = try Self.json(try await client.get("/api/v1/index/history", token: token).body)
            let series = try #require(history["series"] as? [[String: Any]])
            #expect(series.count == 48)
            #expect(series.first?["value"] as? Double == 100)
            #expect(history["start_date"] as? String == series.first?["date"] as? String)

            let page = try Self.json(
                try await client.get("/api/v1/index/history?limit=5&offset=2", token: token).body)
            #expect((page["series"] as? [[String: Any]])?.count == 5)
            #expect(page["start_date"] as? String == series[2]["date"] as? String)

            let bad = try await client.get("/api/v1/index/history?start_date=2023-02-30&limit=0", token: token)
            #expect(bad.status == .unprocessableContent)
            #expect(
                String(buffer: bad.body)
                    == #"{"detail":"start_date: \"2023-02-30\" is not a date YYYY-MM-DD; limit: \"0\" is not a whole number from 1 to 100000","status_code":422,"type":"validation_error"}"#
            )

            let asset = try Self.json(
                try await client.get("/api/v1/index/assets/KO/history", token: token).body)
            #expect((asset["series"] as? [[String: Any]])?.first?["value"] as? Double == 100)
            let unknown = try await client.get("/api/v1/index/assets/NOPE/history", token: token)
            #expect(
                String(buffer: unknown.body)
                    == #"{"detail":"Asset NOPE not found","status_code":404,"type":"not_found"}"#)

            let benchmark = try Self.json(try await client.get("/api/v1/benchmark/sp500", token: token).body)
            #expect(benchmark["benchmark_name"] as? String == "S&P 500")
            #expect((benchmark["series"] as? [[String: Any]])?.count == 300)

            let currencies = try Self.json(try await client.get("/api/v1/index/currencies", token: token).body)
            #expect(currencies as? [String: String] == ["EUR": "Euro"])
        }
    }

    @Test("simulate values an amount over the index and names every bad field")
    func simulate() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let token = try await client.register("reader@example.com")
            let history = try Self.json(try await client.get("/api/v1/index/history", token: token).body)
            let series = try #require(history["series"] as? [[String: Any]])
            let start = try #require(series[10]["value"] as? Double)
            let end = try #require(series.last?["value"] as? Double)
            let startDate = try #require(series[10]["date"] as? String)

            func post(_ body: String) async throws -> TestResponse {
                try await client.send(.post, "/api/v1/index/simulate", token: token, json: body)
            }
            let answer = try Self.json(try await post(#"{"amount": 1000, "start_date": "\#(startDate)"}"#).body)
            #expect(answer["start_date"] as? String == startDate)
            #expect(answer["currency"] as? String == "USD")
            #expect(answer["start_value"] as? Double == start)
            #expect(answer["amount_initial"] as? Double == 1000)
            let final = try #require(answer["amount_final"] as? Double)
            #expect(abs(final - 1000 * end / start) < 1e-9)
            #expect(abs((answer["roi_pct"] as? Double ?? 0) - (end / start - 1) * 100) < 1e-9)
            #expect((answer["series"] as? [[String: Any]])?.count == series.count - 10)
            // The answer is written by hand; its points and cash flows are the engine's result as
            // Foundation's JSONEncoder writes it, and its series the index history's days.
            // (JSONDecoder reads the index values exactly; JSONSerialization can miss the last bit.)
            struct Day: Decodable {
                var date: String
                var value: Double
            }
            struct History: Decodable { var series: [Day] }
            let days = try JSONDecoder().decode(
                History.self, from: Data(buffer: try await client.get("/api/v1/index/history", token: token).body)
            ).series
            let reference = try InvestmentSimulation.run(
                SimulationRequest(amount: 1000, currency: "USD", startDate: startDate, endDate: nil),
                index: days.map { ($0.date, $0.value) }, fx: try FxConverter(ratesPerEuro: [:]))
            let encoded = try #require(
                try JSONSerialization.jsonObject(with: try JSONEncoder().encode(reference)) as? [String: Any])
            #expect(
                try JSONSerialization.data(withJSONObject: answer["points"] ?? [], options: .sortedKeys)
                    == JSONSerialization.data(withJSONObject: encoded["points"] ?? [], options: .sortedKeys))
            #expect(
                try JSONSerialization.data(withJSONObject: answer["cash_flows"] ?? [], options: .sortedKeys)
                    == JSONSerialization.data(withJSONObject: encoded["cash_flows"] ?? [], options: .sortedKeys))
            #expect(
                try JSONSerialization.data(withJSONObject: answer["series"] ?? [], options: .sortedKeys)
                    == JSONSerialization.data(
                        withJSONObject: Array(series[10...]).map { ["date": $0["date"], "value": $0["value"]] },
                        options: .sortedKeys))
            // With monthly contributions the initial amount is still the amount; the total adds them.
            let monthly = try Self.json(
                try await post(#"{"amount": 1000, "start_date": "\#(startDate)", "monthly_contribution": 100}"#).body)
            let flows = try #require(monthly["cash_flows"] as? [[String: Any]])
            #expect(flows.count >= 2)
            #expect(monthly["amount_initial"] as? Double == 1000)
            #expect(monthly["total_invested"] as? Double == 1000 + 100 * Double(flows.count - 1))

            let missing = try await post(#"{"currency": "USD"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(
                String(buffer: missing.body)
                    == #"{"detail":"amount: required; start_date: required","status_code":422,"type":"validation_error"}"#
            )
            let wrongType = try await post(#"{"amount": "lots", "start_date": "2023-01-02"}"#)
            #expect(
                String(buffer: wrongType.body)
                    == #"{"detail":"field amount has the wrong type","status_code":422,"type":"validation_error"}"#)
            let malformed = try await post(#"{"amount": 10"#)
            #expect(
                String(buffer: malformed.body)
                    == #"{"detail":"the body is not valid JSON","status_code":400,"type":"malformed_json"}"#)
            let negative = try await post(#"{"amount": -5, "start_date": "2023-01-02"}"#)
            #expect(negative.status == .unprocessableContent)
            let euro = try await post(#"{"amount": 1000, "start_date": "\#(startDate)", "currency": "EUR"}"#)
            #expect(euro.status == .unprocessableContent)
            #expect(String(buffer: euro.body).contains("no ECB reference rate for USD"))
        }
    }

    @Test("strategy config, its history, risk metrics and diagnostics answer from the read models")
    func strategyAndDiagnostics() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let token = try await client.register("reader@example.com")
            let current = try Self.json(try await client.get("/api/v1/index/current", token: token).body)
            let config = try Self.json(try await client.get("/api/v1/strategy/config", token: token).body)
            #expect(config["config_version"] as? Int == 1)
            #expect(config["momentum_weight"] as? Double == 0.4)
            #expect(config["min_price"] as? Double == 0.01)
            #expect(config["min_price_threshold"] as? Double == 0.01)
            #expect(config["rebalance_frequency"] as? String == "monthly")
            #expect(config["updated_by"] as? String == "system")
            #expect(config["reason"] as? String == "default configuration at first start")
            #expect(config["last_rebalance"] as? String == current["date"] as? String)
            #expect(config["ai_adjusted"] as? Bool == false)

            let history = try Self.json(
                try await client.get("/api/v1/strategy/config/history", token: token).body)
            let changes = try #require(history["history"] as? [[String: Any]])
            #expect(changes.count == 1)
            #expect((changes.first?["changed_fields"] as? [String])?.count == 16)

            let values = try #require(
                try Self.json(try await client.get("/api/v1/index/history", token: token).body)["series"]
                    as? [[String: Any]])
            let first = try #require(values.first?["value"] as? Double)
            let last = try #require(values.last?["value"] as? Double)
            let risk = try Self.json(try await client.get("/api/v1/strategy/risk-metrics", token: token).body)
            let row = try #require((risk["metrics"] as? [[String: Any]])?.first)
            #expect(row["date"] as? String == values.last?["date"] as? String)
            #expect(abs((row["total_return"] as? Double ?? 0) - (last / first - 1)) < 1e-12)
            // VaR 99 %: the 1st percentile of the daily returns, linearly interpolated (numpy's rule).
            let levels = values.compactMap { $0["value"] as? Double }
            let returns = zip(levels, levels.dropFirst()).map { $1 / $0 - 1 }.sorted()
            let h = Double(returns.count - 1) * 0.01
            let low = Int(h)
            let percentile =
                returns[low] + (h - Double(low)) * (returns[min(low + 1, returns.count - 1)] - returns[low])
            #expect(abs((row["var_99"] as? Double ?? 0) - percentile) < 1e-12)
            #expect((row["var_99"] as? Double ?? 0) <= (row["var_95"] as? Double ?? 0))
            #expect((risk["periods"] as? [[String: Any]])?.map { $0["period"] as? String } == ["all"])

            let refresh = try Self.json(
                try await client.get("/api/v1/diagnostics/refresh-status", token: token).body)
            let lastRefresh = try #require(refresh["last_refresh"] as? [String: Any])
            #expect(lastRefresh["status"] as? String == "completed")
            #expect(lastRefresh["prices_appended"] as? Int == 900)

            let database = try Self.json(
                try await client.get("/api/v1/diagnostics/database-status", token: token).body)
            #expect(database["assets"] as? Int == 3)
            #expect(database["prices"] as? Int == 900)
            #expect(database["index_values"] as? Int == 48)
            #expect(database["last_index_date"] as? String == values.last?["date"] as? String)
        }
    }

    @Test("before the first rebalance, current and history are 404 with the original's details")
    func emptyIndex() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")))
        try await app.test(.live) { client in
            let token = try await client.register("reader@example.com")
            let current = try await client.get("/api/v1/index/current", token: token)
            #expect(
                String(buffer: current.body)
                    == #"{"detail":"No allocations computed yet. Run tasks/refresh.","status_code":404,"type":"not_found"}"#
            )
            let history = try await client.get("/api/v1/index/history", token: token)
            #expect(history.status == .notFound)
        }
    }
}
