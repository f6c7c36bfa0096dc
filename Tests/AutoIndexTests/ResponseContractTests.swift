import AutoIndexServer
import EventSourcing
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MarketData
import Testing

/// Every answer the server gives is one its OpenAPI document allows: the same properties, the same required
/// ones, the same types (issue 13, point 5). Schemathesis checks this in CI too; this runs inside `swift test`.
@Suite("Response contract")
struct ResponseContractTests {
    /// Two new days for the refresh jobs, so their answers carry a `result`; the EUR/CHF rate fails with the
    /// provider's code, so the refresh runs record an `error` and an `error_code`.
    private static let marketData: MarketDataClient = {
        let canned = MarketDataClient.canned(
            dailyCloses: [
                "AAPL": [.init(date: "2024-02-26", close: "101.5"), .init(date: "2024-02-27", close: "102.25")],
                "KO": [.init(date: "2024-02-26", close: "41.1"), .init(date: "2024-02-27", close: "41.3")],
                "SPX": [.init(date: "2024-02-26", close: "3900.5"), .init(date: "2024-02-27", close: "3910.75")],
            ],
            fxRates: Dictionary(
                uniqueKeysWithValues: ["USD", "GBP", "JPY"].map {
                    ("EUR/\($0)", [DailyClose(date: "2024-02-26", close: "1.08")])
                }))
        return MarketDataClient(
            provider: canned.provider, dailyCloses: canned.dailyCloses,
            dailyFxRates: { currencies, base, startDate in
                var rates = try await canned.dailyFxRates(currencies, base, startDate)
                if rates["CHF"] != nil {
                    rates["CHF"] = .failure(
                        MarketDataError(
                            kind: .notFound, code: 404, message: "no rates for EUR/CHF", symbol: "EUR/CHF",
                            provider: canned.provider))
                }
                return rates
            },
            creditsUsed: canned.creditsUsed)
    }()

    /// Optional properties this run cannot make the server send: the synthetic market has no market caps.
    private static let neverSent: Set<String> = ["RebalanceDetail.components[].market_cap_weight"]

    @Test(
        "every documented operation answers a documented status, headers and body (errors too), and every optional property is sent by some answer"
    )
    func everyOperationMatchesTheDocument() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch, marketData: Self.marketData))
        let report = try await app.test(.live) { client in
            let served = try await client.execute(uri: "/openapi.json", method: .get)
            var run = ContractRun(
                conformance: SchemaConformance(document: try JSONValue.parse(Data(String(buffer: served.body).utf8))),
                client: client)
            try await Self.callEveryOperation(&run)
            return run.report
        }
        let missing = report.documented.subtracting(report.exercised).sorted()
        #expect(
            missing.isEmpty,
            "documented operations with a 2xx answer that no request exercised:\n\(missing.joined(separator: "\n"))")
        #expect(
            report.unsent == Self.neverSent,
            "optional properties the document declares that no answer sent: \(report.unsent.sorted())")
        #expect(
            report.problems.isEmpty,
            "\(report.problems.count) problems with the answers against openapi.json:\n\(report.problems.joined(separator: "\n"))"
        )
    }

    // One request (or more) per documented operation, in an order where later ones see what earlier ones
    // wrote: the refresh jobs add days, the configuration change and the manual rebalance add rebalances
    // with an actor and a reason, so the reads answer their optional fields filled.
    private static func callEveryOperation(_ run: inout ContractRun) async throws {
        try await run.call(.get, "/")
        try await run.call(.get, "/health")
        try await run.call(.get, "/metrics")
        try await run.call(.get, "/openapi.json")
        for asset in [
            "swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "redoc-LICENSE.txt", "dashboard.js",
            "dashboard.css", "favicon.svg",
        ] {
            try await run.call(.get, "/assets/\(asset)", as: "/assets/{name}")
        }
        try await run.call(.get, "/assets/nope.js", as: "/assets/{name}", expect: .notFound)
        try await run.call(.get, "/docs")
        try await run.call(.get, "/redoc")
        try await run.call(.get, "/app")

        let password = TestServer.password
        let admin = try #require(
            try await run.call(
                .post, "/api/v1/auth/register", json: #"{"email": "\#(TestServer.admin)", "password": "\#(password)"}"#
            )["access_token"]?.stringValue)
        let reader = try #require(
            try await run.call(
                .post, "/api/v1/auth/register", json: #"{"email": "reader@example.com", "password": "\#(password)"}"#
            )["access_token"]?.stringValue)
        let analyst = try #require(
            try await run.call(
                .post, "/api/v1/auth/register", json: #"{"email": "analyst@example.com", "password": "\#(password)"}"#
            )["user_id"]?.stringValue)
        try await run.call(
            .post, "/api/v1/auth/login", json: #"{"email": "reader@example.com", "password": "\#(password)"}"#)
        try await run.call(.get, "/api/v1/auth/me", token: reader)
        try await run.call(.post, "/api/v1/auth/refresh", token: reader)
        try await run.call(.post, "/api/v1/auth/logout", token: reader)
        try await run.call(
            .put, "/api/v1/users/\(analyst)/role", as: "/api/v1/users/{user_id}/role", token: admin,
            json: #"{"role": "admin", "reason": "reviews rebalances"}"#)

        var position = 0
        for command in ["/api/v1/tasks/refresh", "/api/v1/manual/trigger-refresh"] {
            let job = try await run.call(.post, command, token: admin, expect: .accepted)
            let id = try #require(job["job_id"]?.stringValue)
            var status = try await run.call(.get, "/api/v1/tasks/\(id)", as: "/api/v1/tasks/{job_id}", token: admin)
            var polls = 0
            while status["status"]?.stringValue == "running" && polls < 200 {
                try await Task.sleep(for: .milliseconds(25))
                status = try await run.call(.get, "/api/v1/tasks/\(id)", as: "/api/v1/tasks/{job_id}", token: admin)
                polls += 1
            }
            #expect(status["status"]?.stringValue == "completed", "\(command): \(status.text)")
            if case .number(let last) = status["result"]?["position"] { position = Int(last) }
        }
        try await run.call(.post, "/api/v1/diagnostics/test-refresh", token: admin)
        try await run.call(
            .put, "/api/v1/strategy/config", token: admin,
            json: #"{"rebalance_frequency": "weekly", "min_weight": 0.05, "reason": "weekly review"}"#)
        let rebalance = try await run.call(
            .post, "/api/v1/strategy/rebalance", token: admin, json: #"{"reason": "contract check"}"#)
        if case .number(let last) = rebalance["position"] { position = Int(last) }

        let wait = "min_position=\(position)"
        var waits = 0
        while try await run.client.execute(uri: "/ready", method: .get).status != .ok && waits < 100 {
            try await Task.sleep(for: .milliseconds(50))
            waits += 1
        }
        try await run.call(.get, "/ready")
        try await run.call(.get, "/api/v1/index/current?\(wait)", token: reader)
        let history = try await run.call(
            .get, "/api/v1/index/history?start_date=2023-03-01&end_date=2024-02-27&limit=400&offset=1&\(wait)",
            token: reader)
        let days = history["series"]?.elements?.compactMap { $0["date"]?.stringValue } ?? []
        let start = try #require(days.first)
        let end = try #require(days.dropLast(5).last)
        try await run.call(
            .get, "/api/v1/index/assets/AAPL/history?\(wait)", as: "/api/v1/index/assets/{symbol}/history",
            token: reader)
        try await run.call(.get, "/api/v1/index/currencies?\(wait)", token: reader)
        try await run.call(
            .post, "/api/v1/index/simulate", token: reader,
            json:
                #"{"amount": 1000, "start_date": "\#(start)", "end_date": "\#(end)", "currency": "USD", "monthly_contribution": 100}"#
        )
        try await run.call(.get, "/api/v1/benchmark/sp500?\(wait)", token: reader)
        try await run.call(
            .get, "/api/v1/benchmark/compare?start_date=\(start)&end_date=\(end)&\(wait)", token: reader)
        try await run.call(.get, "/api/v1/strategy/config?\(wait)", token: reader)
        try await run.call(.get, "/api/v1/strategy/config/history?\(wait)", token: reader)
        try await run.call(.get, "/api/v1/strategy/risk-metrics?\(wait)", token: reader)
        try await run.call(
            .post, "/api/v1/strategy/replay", token: reader,
            json: #"{"config": {"rebalance_frequency": "monthly"}, "start_date": "\#(start)", "end_date": "\#(end)"}"#)
        try await run.call(.get, "/api/v1/diagnostics/refresh-status?\(wait)", token: reader)
        try await run.call(.get, "/api/v1/diagnostics/database-status?\(wait)", token: reader)

        try await run.call(.get, "/api/v1/events?after=\(max(position - 20, 0))&limit=20", token: admin)
        try await run.stream("/api/v1/stream?after=\(max(position - 20, 0))", token: reader)
        try await run.call(.get, "/api/v1/stream?after=x", token: reader, expect: .unprocessableContent)
        try await run.call(.get, "/api/v1/stream?log=1", token: reader, expect: .forbidden)
        try await run.call(.get, "/api/v1/ws", token: reader, expect: .upgradeRequired)
        try await run.call(.get, "/api/v1/audit/verify", token: admin)
        let rebalances = try await run.call(.get, "/api/v1/audit/rebalances?limit=1000", token: admin)
        let ids = rebalances["rebalances"]?.elements?.compactMap { $0["rebalance_id"]?.stringValue } ?? []
        #expect(ids.count > 2, "\(rebalances.text)")
        for id in ids {
            try await run.call(
                .get, "/api/v1/audit/rebalances/\(id)", as: "/api/v1/audit/rebalances/{rebalance_id}", token: admin)
        }
        let latest = try #require(ids.last)
        try await run.call(
            .get, "/api/v1/audit/rebalances/\(latest)/verify", as: "/api/v1/audit/rebalances/{rebalance_id}/verify",
            token: admin)
        try await run.call(
            .post, "/api/v1/projections/rebuild", token: admin, json: #"{"projection": "index_history"}"#)

        try await callPortfolioOperations(&run, reader: reader, admin: admin)

        try await run.call(.get, "/api/v1/index/current", expect: .unauthorized)
        try await run.call(.get, "/api/v1/events", token: reader, expect: .forbidden)
        try await run.call(
            .get, "/api/v1/index/assets/NOPE/history", as: "/api/v1/index/assets/{symbol}/history", token: reader,
            expect: .notFound)
        try await run.call(
            .get, "/api/v1/audit/rebalances/nope", as: "/api/v1/audit/rebalances/{rebalance_id}", token: admin,
            expect: .notFound)
        try await run.call(.get, "/api/v1/index/history?limit=0", token: reader, expect: .unprocessableContent)
        try await run.call(
            .post, "/api/v1/auth/login", json: #"{"email": "reader@example.com", "password": "Wrong-Horse-9"}"#,
            expect: .unauthorized)
        try await run.call(
            .post, "/api/v1/auth/register", json: #"{"email": "READER@example.com", "password": "\#(password)"}"#,
            expect: .conflict)
        try await run.call(.post, "/api/v1/index/simulate", token: reader, json: "{", expect: .badRequest)
    }

    // Portfolios: a manual one with orders of every kind, one following the index from the past, and
    // the original's broker endpoint; then the refusals.
    private static func callPortfolioOperations(_ run: inout ContractRun, reader: String, admin: String) async throws {
        let opened = try await run.call(
            .post, "/api/v1/portfolios", token: reader, json: #"{"name": "Contract", "initial_cash": 10000}"#,
            expect: .created)
        let id = try #require(opened["portfolio_id"]?.stringValue)
        let path = "/api/v1/portfolios/{portfolio_id}"
        try await run.call(
            .post, "/api/v1/portfolios", token: reader,
            json:
                #"{"name": "Follow", "initial_cash": "5000.50", "mode": "follow_index", "start_date": "2024-01-02", "commission_bps": 5}"#,
            expect: .created)
        try await run.call(.get, "/api/v1/portfolios", token: reader)
        try await run.call(
            .post, "/api/v1/portfolios", token: reader, json: #"{"name": "Keyed", "initial_cash": 100}"#,
            headers: ["Idempotency-Key": "contract-open"], expect: .created)
        try await run.call(
            .post, "/api/v1/portfolios", token: reader, json: #"{"name": "Keyed", "initial_cash": 100}"#,
            headers: ["Idempotency-Key": "contract-open"])
        try await run.call(.get, "/api/v1/portfolios?all=true", token: admin)
        try await run.call(
            .post, "/api/v1/portfolios/\(id)/cash", as: path + "/cash", token: reader, json: #"{"amount": 500}"#)
        let order = try await run.call(
            .post, "/api/v1/portfolios/\(id)/orders", as: path + "/orders", token: reader,
            json: #"{"symbol": "AAPL", "side": "BUY", "notional": 1000, "client_order_id": "contract-1"}"#,
            expect: .created)
        let orderId = try #require(order["order_id"]?.stringValue)
        try await run.call(
            .post, "/api/v1/portfolios/\(id)/orders", as: path + "/orders", token: reader,
            json: #"{"symbol": "AAPL", "side": "BUY", "notional": 1000, "client_order_id": "contract-1"}"#)
        try await run.call(
            .post, "/api/v1/portfolios/\(id)/orders", as: path + "/orders", token: reader,
            json: #"{"symbol": "INDEX", "side": "BUY", "notional": "2000"}"#, expect: .created)
        try await run.call(
            .post, "/api/v1/broker/order", token: reader, json: #"{"asset_symbol": "KO", "type": "BUY", "amount": 100}"#
        )
        var position = 0
        if case .number(let last) = try await run.call(.get, "/api/v1/portfolios/\(id)", as: path, token: reader)[
            "position"]
        {
            position = Int(last)
        }
        let wait = "min_position=\(position)"
        try await run.call(.get, "/api/v1/portfolios/\(id)?\(wait)", as: path, token: reader)
        try await run.call(.get, "/api/v1/portfolios/\(id)?as_of=\(position)", as: path, token: reader)
        try await run.call(.get, "/api/v1/portfolios/\(id)/history?limit=10", as: path + "/history", token: reader)
        try await run.call(.get, "/api/v1/portfolios/\(id)/orders?status=pending", as: path + "/orders", token: reader)
        try await run.call(
            .get, "/api/v1/portfolios/\(id)/orders/\(orderId)", as: path + "/orders/{order_id}", token: reader)
        try await run.call(
            .delete, "/api/v1/portfolios/\(id)/orders/\(orderId)", as: path + "/orders/{order_id}", token: reader)
        try await run.call(
            .delete, "/api/v1/portfolios/\(id)/orders/\(orderId)", as: path + "/orders/{order_id}", token: reader,
            expect: .conflict)
        try await run.call(.get, "/api/v1/portfolios/\(id)", as: path, token: admin)
        let stranger = try #require(
            try await run.call(
                .post, "/api/v1/auth/register",
                json: #"{"email": "stranger@example.com", "password": "\#(TestServer.password)"}"#
            )["access_token"]?.stringValue)
        try await run.call(.get, "/api/v1/portfolios/\(id)", as: path, token: stranger, expect: .notFound)
        try await run.call(.get, "/api/v1/portfolios?all=true", token: stranger, expect: .forbidden)
        try await run.call(
            .post, "/api/v1/broker/order", token: stranger,
            json: #"{"asset_symbol": "KO", "type": "BUY", "amount": 100}"#,
            expect: .conflict)
        try await run.call(
            .post, "/api/v1/portfolios/\(id)/orders", as: path + "/orders", token: reader,
            json: #"{"symbol": "SPX", "side": "BUY", "notional": 100}"#, expect: .unprocessableContent)
        try await run.call(
            .post, "/api/v1/portfolios/\(id)/cash", as: path + "/cash", token: reader, json: #"{"amount": -1000000}"#,
            expect: .unprocessableContent)
        try await run.call(.delete, "/api/v1/portfolios/\(id)", as: path, token: reader)
        try await run.call(.delete, "/api/v1/portfolios/\(id)", as: path, token: reader, expect: .conflict)
    }

    @Test(
        "the checker names an undocumented property, a missing required one, a wrong type, a value outside an enum, a bad format, and a broken oneOf and allOf"
    )
    func checkerNamesEveryKindOfDrift() throws {
        let conformance = try SchemaConformance.shipped()
        let allocation = ##"{"$ref": "#/components/schemas/CurrentAllocation"}"##
        func problems(_ body: String, against schema: String = allocation, in checker: SchemaConformance? = nil)
            throws -> [String]
        {
            try (checker ?? conformance).problems(of: JSONValue.parse(body), against: JSONValue.parse(schema))
        }
        let item = #"{"symbol": "AAPL", "weight": 0.5, "name": "Apple", "sector": "Tech""#
        let valid =
            #"{"date": "2024-02-29", "allocations": [\#(item), "daily_return": null, "ytd_return": 0.1}], "total_assets": 1}"#
        #expect(try problems(valid) == [])

        var edited = conformance.document
        edited["components"]?["schemas"]?["AllocationItem"]?["properties"]?["ytd_return"] = nil
        edited["components"]?["schemas"]?["AllocationItem"]?["required"] = try JSONValue.parse(
            #"["symbol", "weight", "name", "sector", "daily_return"]"#)
        #expect(
            try problems(valid, in: SchemaConformance(document: edited)) == [
                "$.allocations[0].ytd_return: not in the document"
            ])

        #expect(
            try problems(#"{"date": "2024-02-29", "allocations": [\#(item)}], "total_assets": 1}"#) == [
                "$.allocations[0].daily_return: required but missing",
                "$.allocations[0].ytd_return: required but missing",
            ])
        #expect(
            try problems(valid.replacingOccurrences(of: #""weight": 0.5"#, with: #""weight": "0.5""#)) == [
                "$.allocations[0].weight: expected number, got string"
            ])
        #expect(
            try problems(valid.replacingOccurrences(of: #""total_assets": 1"#, with: #""total_assets": 1.5"#)) == [
                "$.total_assets: expected integer, got number"
            ])
        #expect(
            try problems(valid.replacingOccurrences(of: "2024-02-29", with: "2023-02-29")) == [
                #"$.date: "2023-02-29" is not a date (YYYY-MM-DD)"#
            ])
        #expect(
            try problems(
                #"{"access_token": "t", "token_type": "Bearer", "expires_in": 60, "user_id": "u1", "role": "user"}"#,
                against: ##"{"$ref": "#/components/schemas/Token"}"##) == [
                    #"$.token_type: "Bearer" is not one of "bearer""#
                ])

        let lastRefresh = ##"{"$ref": "#/components/schemas/RefreshStatus"}"##
        #expect(try problems(#"{"last_refresh": null, "recent": []}"#, against: lastRefresh) == [])
        #expect(
            try problems(#"{"last_refresh": 7, "recent": []}"#, against: lastRefresh) == [
                "$.last_refresh: matches none of the oneOf schemas; the closest one says:",
                "  $.last_refresh: expected object, got number",
            ])

        // allOf: the members' properties are the object's own, and the object is still closed.
        let entry = try JSONValue.parse(
            #"{"components": {"schemas": {"Entry": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}}}"#
        )
        let detail =
            ##"{"type": "object", "allOf": [{"$ref": "#/components/schemas/Entry"}], "required": ["events"], "properties": {"events": {"type": "array", "items": {"type": "integer"}}}}"##
        let small = SchemaConformance(document: entry)
        #expect(try problems(#"{"id": "r1", "events": [1, 2]}"#, against: detail, in: small) == [])
        #expect(
            try problems(#"{"id": 1, "events": [1, "2"], "extra": true}"#, against: detail, in: small) == [
                "$.events[1]: expected integer, got string", "$.extra: not in the document",
                "$.id: expected string, got number",
            ])
        #expect(
            try problems(
                #"{"at": "2024-01-02T03:04:05.6Z"}"#, against: #"{"properties": {"at": {"format": "date-time"}}}"#)
                == [])
        #expect(
            try problems(#"{"at": "2024-01-02 03:04"}"#, against: #"{"properties": {"at": {"format": "date-time"}}}"#)
                == [#"$.at: "2024-01-02 03:04" is not a date-time (RFC 3339)"#])
        #expect(try problems("1", against: #"{"const": 1}"#) == ["$: the checker does not support const"])

        #expect(
            conformance.verdict(
                ofAnswer: "GET", "/api/v1/index/current", status: 418, headers: [:], body: Data()
            ).problems == [
                "GET /api/v1/index/current 418: status 418 is not documented for this operation"
            ])
        #expect(
            conformance.verdict(
                ofAnswer: "GET", "/api/v1/index/current", status: 401,
                headers: ["content-type": "application/json"],
                body: Data(#"{"detail": "Not authenticated", "status_code": 401, "type": "not_authenticated"}"#.utf8)
            ).problems == ["GET /api/v1/index/current 401: required header WWW-Authenticate missing"])

        // Coverage: the optional properties declared where the value was checked, and those it sent.
        let run =
            #"{"refresh_id": "r1", "provider": "csv", "status": "completed", "symbols": [], "started_at": "2024-01-02T03:04:05Z", "finished_at": "2024-01-02T03:04:06Z", "prices_appended": 0, "prices_corrected": 0, "fx_rates_appended": 0, "credits_used": 0}"#
        let coverage = conformance.verdict(
            of: try JSONValue.parse(#"{"last_refresh": \#(run), "recent": [\#(run)]}"#),
            against: try JSONValue.parse(lastRefresh))
        #expect(coverage.problems == [])
        #expect(coverage.optional == ["RefreshRun.finished_at", "RefreshRun.error", "RefreshRun.error_code"])
        #expect(coverage.sent == ["RefreshRun.finished_at"])

        // The operations the run must exercise: those with a 2xx answer, whatever else they answer.
        let paths = try JSONValue.parse(
            #"{"paths": {"/a": {"get": {"responses": {"200": {}, "404": {}}}, "post": {"responses": {"422": {}}}}, "/b/{id}": {"put": {"responses": {"202": {}}}}}}"#
        )
        #expect(SchemaConformance(document: paths).operationsWithSuccess == ["GET /a", "PUT /b/{id}"])
    }
}

/// One contract run: sends requests, checks each answer against the document, and keeps what was exercised
/// and every problem.
private struct ContractRun {
    let conformance: SchemaConformance
    let client: any TestClientProtocol
    private var exercised: Set<String> = []
    private var verdict = SchemaConformance.Verdict()

    init(conformance: SchemaConformance, client: any TestClientProtocol) {
        self.conformance = conformance
        self.client = client
    }

    struct Report: Sendable {
        /// The operations the document gives a 2xx answer, and those that answered one.
        var documented: Set<String>
        var exercised: Set<String>
        var problems: [String]
        /// Optional properties declared where answers were checked, that none of them sent.
        var unsent: Set<String>
    }

    var report: Report {
        Report(
            documented: conformance.operationsWithSuccess, exercised: exercised, problems: verdict.problems,
            unsent: verdict.optional.subtracting(verdict.sent))
    }

    /// Opens the event stream `uri` (it never ends, so it is read until its first event, then closed)
    /// and checks its status and content type against the document's.
    mutating func stream(_ uri: String, token: String) async throws {
        let port = try #require(client.port)
        let opened = try await LiveStreamClient.open(port: port, uri, token: token)
        let (messages, _) = try await LiveStreamClient.read(opened.body) { LiveStreamTests.events($0).count >= 1 }
        let documented =
            conformance.document["paths"]?["/api/v1/stream"]?["get"]?["responses"]?["200"]?["content"]?
            .members?.keys.sorted() ?? []
        guard opened.status == 200, let type = opened.contentType, documented.contains(where: { type.hasPrefix($0) }),
            !LiveStreamTests.events(messages).isEmpty
        else {
            verdict.problems.append("GET \(uri): answered \(opened.status) \(opened.contentType ?? "") (\(documented))")
            return
        }
        exercised.insert("GET /api/v1/stream")
    }

    /// Sends `method uri` and checks the answer against the documented operation `path` (the URI's path
    /// without its query when nil).
    /// - Returns: The JSON body, or `null` when it is not JSON.
    @discardableResult
    mutating func call(
        _ method: HTTPRequest.Method, _ uri: String, as path: String? = nil, token: String? = nil,
        json body: String? = nil, headers extra: [String: String] = [:], expect expected: HTTPResponse.Status = .ok
    ) async throws -> JSONValue {
        let path = path ?? String(uri.prefix { $0 != "?" })
        let response = try await client.send(method, uri, token: token, json: body, headers: extra)
        let data = Data(String(buffer: response.body).utf8)
        if response.status != expected {
            verdict.problems.append(
                "\(method) \(uri): answered \(response.status.code), expected \(expected.code): \(String(buffer: response.body))"
            )
        }
        if (200..<300).contains(response.status.code) { exercised.insert("\(method) \(path)") }
        let headers = Dictionary(
            response.headers.map { ($0.name.canonicalName, $0.value) }, uniquingKeysWith: { "\($0), \($1)" })
        verdict.merge(
            conformance.verdict(
                ofAnswer: method.rawValue, path, status: response.status.code, headers: headers, body: data))
        return (try? JSONValue.parse(data)) ?? .null
    }
}
