import AutoIndexDomain
import AutoIndexServer
import EventSourcing
import EventStoreSQLite
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MarketData
import PortfolioService
import Projections
import Testing

/// Portfolios over HTTP against the real server: opening, ownership, orders filled at the next close by
/// the paper broker running as a service, rejections with their reason, and a portfolio that follows
/// the index from a date in the past.
@Suite("Portfolios over HTTP")
struct PortfolioServerTests {
    /// The synthetic market's last close (300 weekdays from 2023-01-02) and the next weekday.
    static let lastClose = "2024-02-23"
    static let nextClose = "2024-02-26"

    /// Polls `uri` until `done` holds for its JSON (the settler runs beside the requests), at most 10 s.
    static func poll(
        _ client: some TestClientProtocol, _ uri: String, token: String, until done: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        for _ in 0..<200 {
            let body = try TestServer.json(try await client.get(uri, token: token))
            if done(body) { return body }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try TestServer.json(try await client.get(uri, token: token))
    }

    static func decimal(_ value: Any?) -> Decimal? {
        (value as? NSNumber).flatMap { Decimal(string: "\($0)") }
    }

    @Test("a manual order stays pending until the next close, then fills by the rule; beyond the cash it is rejected")
    func manualOrders() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let configuration = try await TestServer.seeded(scratch)
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let alice = try await client.register("alice@example.com")
            let bob = try await client.register("bob@example.com")

            let opened = try await client.send(
                .post, "/api/v1/portfolios", token: alice, json: #"{"name": "Main", "initial_cash": 10000}"#)
            #expect(opened.status == .created, "\(String(buffer: opened.body))")
            let portfolio = try TestServer.json(opened)
            let id = try #require(portfolio["portfolio_id"] as? String)
            #expect(opened.headers[.location] == "/api/v1/portfolios/\(id)")
            #expect(Self.decimal(portfolio["cash"]) == 10000)
            #expect(Self.decimal(portfolio["total_value"]) == 10000)
            #expect(portfolio["as_of_date"] as? String == Self.lastClose)
            #expect(portfolio["mode"] as? String == "manual")

            // An Idempotency-Key names one portfolio per caller: the repeat answers it with 200 and appends nothing.
            var headers: HTTPFields = [.authorization: "Bearer \(alice)", .contentType: "application/json"]
            headers[HTTPField.Name("Idempotency-Key")!] = "open-2"
            let body = ByteBuffer(string: #"{"name": "Second", "initial_cash": 500}"#)
            let second = try await client.execute(
                uri: "/api/v1/portfolios", method: .post, headers: headers, body: body)
            #expect(second.status == .created)
            let secondId = try #require(try TestServer.json(second)["portfolio_id"] as? String)
            let headBefore = try await SQLiteEventStore(path: configuration.database.localFile).headPosition()
            let repeatedOpen = try await client.execute(
                uri: "/api/v1/portfolios", method: .post, headers: headers, body: body)
            #expect(repeatedOpen.status == .ok)
            #expect(try TestServer.json(repeatedOpen)["portfolio_id"] as? String == secondId)
            #expect(try await SQLiteEventStore(path: configuration.database.localFile).headPosition() == headBefore)
            headers[.authorization] = "Bearer \(try await client.register("erin@example.com"))"
            let bobs = try await client.execute(uri: "/api/v1/portfolios", method: .post, headers: headers, body: body)
            #expect(bobs.status == .created)
            #expect(try TestServer.json(bobs)["portfolio_id"] as? String != secondId)
            _ = try await client.send(.delete, "/api/v1/portfolios/\(secondId)", token: alice)

            // Without Alpaca's keys, an alpaca portfolio is refused with the reason, and nothing is appended.
            let alpaca = try await client.send(
                .post, "/api/v1/portfolios", token: alice,
                json: #"{"name": "Live", "initial_cash": 1000, "broker": "alpaca"}"#)
            #expect(alpaca.status == .unprocessableContent)
            #expect(
                try TestServer.json(alpaca)["detail"] as? String
                    == "broker: alpaca is not available here (ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY are not set)")

            // Another user sees nothing of it: 404 as for a portfolio that does not exist.
            for uri in [
                "/api/v1/portfolios/\(id)", "/api/v1/portfolios/\(id)/orders", "/api/v1/portfolios/\(id)/history",
            ] {
                #expect(try await client.get(uri, token: bob).status == .notFound)
            }
            #expect(try await client.get("/api/v1/portfolios/nope", token: bob).status == .notFound)
            let bobsList = try TestServer.json(try await client.get("/api/v1/portfolios", token: bob))
            #expect((bobsList["portfolios"] as? [Any])?.isEmpty == true)
            let intrusion = try await client.send(
                .post, "/api/v1/portfolios/\(id)/orders", token: bob,
                json: #"{"symbol": "AAPL", "side": "BUY", "notional": 10}"#)
            #expect(intrusion.status == .notFound)
            #expect(try await client.get("/api/v1/portfolios?all=true", token: bob).status == .forbidden)

            // Refused at the door: the benchmark, an unknown symbol, both notional and quantity.
            for body in [
                #"{"symbol": "SPX", "side": "BUY", "notional": 100}"#,
                #"{"symbol": "XYZ", "side": "BUY", "notional": 100}"#,
                #"{"symbol": "AAPL", "side": "BUY", "notional": 100, "quantity": 1}"#,
                #"{"symbol": "AAPL", "side": "HOLD", "notional": 100}"#,
            ] {
                let refused = try await client.send(.post, "/api/v1/portfolios/\(id)/orders", token: alice, json: body)
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect(try TestServer.json(refused)["type"] as? String == "validation_error")
            }

            let buy = try await client.send(
                .post, "/api/v1/portfolios/\(id)/orders", token: alice,
                json: #"{"symbol": "AAPL", "side": "BUY", "notional": "1000", "client_order_id": "first"}"#)
            #expect(buy.status == .created, "\(String(buffer: buy.body))")
            let order = try TestServer.json(buy)
            let orderId = try #require(order["order_id"] as? String)
            #expect(order["status"] as? String == "pending")
            #expect(order["after_date"] as? String == Self.lastClose)
            #expect(order["fill_price"] is NSNull)

            // A repeat of the client order id answers the first order and appends nothing.
            let store = try SQLiteEventStore(path: configuration.database.localFile)
            let head = try await store.headPosition()
            let repeated = try await client.send(
                .post, "/api/v1/portfolios/\(id)/orders", token: alice,
                json: #"{"symbol": "AAPL", "side": "BUY", "notional": "1000", "client_order_id": "first"}"#)
            #expect(repeated.status == .ok)
            #expect(try TestServer.json(repeated)["order_id"] as? String == orderId)
            #expect(try await store.headPosition() == head)

            let tooBig = try TestServer.json(
                try await client.send(
                    .post, "/api/v1/portfolios/\(id)/orders", token: alice,
                    json: #"{"symbol": "KO", "side": "BUY", "notional": 9500}"#))
            let tooBigId = try #require(tooBig["order_id"] as? String)
            let toCancel = try TestServer.json(
                try await client.send(
                    .post, "/api/v1/portfolios/\(id)/orders", token: alice,
                    json: #"{"symbol": "KO", "side": "SELL", "quantity": 1}"#))
            let cancelId = try #require(toCancel["order_id"] as? String)
            let canceled = try await client.send(.delete, "/api/v1/portfolios/\(id)/orders/\(cancelId)", token: alice)
            #expect(try TestServer.json(canceled)["status"] as? String == "canceled")
            let again = try await client.send(.delete, "/api/v1/portfolios/\(id)/orders/\(cancelId)", token: alice)
            #expect(again.status == .conflict)
            #expect(try TestServer.json(again)["type"] as? String == "order_not_pending")

            // Still pending: no close after the one it was placed at.
            let pending = try TestServer.json(
                try await client.get("/api/v1/portfolios/\(id)/orders?status=pending", token: alice))
            #expect(pending["total"] as? Int == 2)

            // The next close arrives; the settler fills at it.
            _ = try await MarketDataImporter(store: store).importObservations(
                prices: [
                    PriceObservation(symbol: "AAPL", date: Self.nextClose, close: "123.45"),
                    PriceObservation(symbol: "KO", date: Self.nextClose, close: "50.10"),
                ], fxRates: [], provider: "csv")
            let filled = try await Self.poll(client, "/api/v1/portfolios/\(id)/orders/\(orderId)", token: alice) {
                $0["status"] as? String != "pending"
            }
            #expect(filled["status"] as? String == "filled")
            #expect(filled["fill_date"] as? String == Self.nextClose)
            #expect(Self.decimal(filled["fill_price"]) == Decimal(string: "123.45"))
            // 1000 ÷ 123.45 = 8.1004455245…, rounded down to 6 places; it costs 8.100445 × 123.45.
            #expect(Self.decimal(filled["filled_quantity"]) == Decimal(string: "8.100445"))
            #expect(Self.decimal(filled["filled_amount"]) == Decimal(string: "999.99993525"))
            #expect(Self.decimal(filled["commission"]) == 0)

            let rejected = try await Self.poll(client, "/api/v1/portfolios/\(id)/orders/\(tooBigId)", token: alice) {
                $0["status"] as? String != "pending"
            }
            #expect(rejected["status"] as? String == "rejected")
            let reason = try #require(rejected["reject_reason"] as? String)
            #expect(reason.hasPrefix("not enough cash"), "\(reason)")
            #expect(reason.contains("9000.00006475"), "\(reason)")

            let after = try TestServer.json(try await client.get("/api/v1/portfolios/\(id)", token: alice))
            #expect(Self.decimal(after["cash"]) == Decimal(string: "9000.00006475"))
            #expect(after["as_of_date"] as? String == Self.nextClose)
            let positions = try #require(after["positions"] as? [[String: Any]])
            #expect(positions.count == 1)
            #expect(positions.first?["symbol"] as? String == "AAPL")
            #expect(Self.decimal(positions.first?["market_value"]) == 1000)
            #expect(Self.decimal(positions.first?["cost_basis"]) == Decimal(string: "999.99993525"))
            #expect(Self.decimal(after["total_value"]) == Decimal(string: "10000.00006475"))

            let history = try TestServer.json(try await client.get("/api/v1/portfolios/\(id)/history", token: alice))
            let series = try #require(history["series"] as? [[String: Any]])
            #expect(series.map { $0["date"] as? String } == [Self.lastClose, Self.nextClose])
            #expect(series.map { Self.decimal($0["value"]) } == [10000, Decimal(string: "10000.00006475")])
            let twr = try #require(after["time_weighted_return"] as? Double)
            #expect(abs(twr - 0.00006475 / 10000) < 1e-15)

            // Withdrawals up to the cash.
            let overdraw = try await client.send(
                .post, "/api/v1/portfolios/\(id)/cash", token: alice, json: #"{"amount": -9000.01}"#)
            #expect(overdraw.status == .unprocessableContent)
            #expect(try TestServer.json(overdraw)["type"] as? String == "insufficient_cash")
            let withdrawn = try TestServer.json(
                try await client.send(.post, "/api/v1/portfolios/\(id)/cash", token: alice, json: #"{"amount": -9000}"#)
            )
            #expect(Self.decimal(withdrawn["cash"]) == Decimal(string: "0.00006475"))
            #expect(Self.decimal(withdrawn["net_contributions"]) == 1000)

            // The original's endpoint places on the first manual portfolio; without one it is 409.
            let original = try await client.send(
                .post, "/api/v1/broker/order", token: bob,
                json: #"{"asset_symbol": "AAPL", "type": "BUY", "amount": 10}"#)
            #expect(original.status == .conflict)
            #expect(try TestServer.json(original)["type"] as? String == "no_portfolio")
            let placed = try TestServer.json(
                try await client.send(
                    .post, "/api/v1/broker/order", token: alice,
                    json: #"{"asset_symbol": "KO", "type": "SELL", "amount": 10}"#))
            #expect(placed["asset_symbol"] as? String == "KO")
            #expect(placed["type"] as? String == "SELL")
            #expect(Self.decimal(placed["amount"]) == 10)
            #expect(placed["status"] as? String == "pending")
            #expect(placed["execution_price"] is NSNull)
            #expect(placed["portfolio_id"] as? String == id)
        }
    }

    @Test(
        "a follow_index portfolio opened in the past trades every rebalance since, and settling again changes nothing")
    func followIndex() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let configuration = try await TestServer.seeded(scratch)
        let store = try SQLiteEventStore(path: configuration.database.localFile)
        let rebalances = try await store.fold(IndexRebalances(indexId: IndexStreams.defaultIndexId))
        let first = try #require(rebalances.all.first)
        // The close after the first rebalance: the portfolio buys its weights at that close and follows
        // every rebalance after it.
        let book = PriceBook(try await store.fold(MarketDataLedger()))
        let start = try #require(book.close(of: "AAPL", after: first.date)).date
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let carol = try await client.register("carol@example.com")
            let opened = try await client.send(
                .post, "/api/v1/portfolios", token: carol,
                json: """
                    {"name": "Follow", "initial_cash": 10000, "mode": "follow_index", "start_date": "\(start)",
                     "commission_bps": 10}
                    """)
            #expect(opened.status == .created, "\(String(buffer: opened.body))")
            let portfolio = try TestServer.json(opened)
            let id = try #require(portfolio["portfolio_id"] as? String)
            #expect(portfolio["opened_date"] as? String == start)
            let orders = try TestServer.json(
                try await client.get("/api/v1/portfolios/\(id)/orders?limit=1000", token: carol))
            let list = try #require(orders["orders"] as? [[String: Any]])
            #expect(!list.isEmpty)
            // Every order names the rebalance that caused it, and each fill is exactly quantity × price.
            let followed = Set(rebalances.all.map(\.id))
            #expect(Set(list.compactMap { $0["caused_by"] as? String }) == followed)
            #expect(list.filter { $0["status"] as? String == "rejected" }.map { $0["reject_reason"] as? String } == [])
            for order in list {
                let cause = try #require(order["caused_by"] as? String)
                #expect(followed.contains(cause))
                if order["status"] as? String == "filled" {
                    let price = try #require(Self.decimal(order["fill_price"]))
                    let quantity = try #require(Self.decimal(order["filled_quantity"]))
                    #expect(Self.decimal(order["filled_amount"]) == quantity * price)
                    #expect(try #require(order["fill_date"] as? String) > (order["after_date"] as? String ?? ""))
                }
            }
            // Cash is what the fills left: 10,000 less the BUYs and commissions, plus the SELLs.
            var cash: Decimal = 10000
            for order in list where order["status"] as? String == "filled" {
                let amount = try #require(Self.decimal(order["filled_amount"]))
                let commission = try #require(Self.decimal(order["commission"]))
                cash += order["side"] as? String == "BUY" ? -(amount + commission) : amount - commission
            }
            let detail = try TestServer.json(try await client.get("/api/v1/portfolios/\(id)", token: carol))
            #expect(Self.decimal(detail["cash"]) == cash)
            let history = try TestServer.json(try await client.get("/api/v1/portfolios/\(id)/history", token: carol))
            let series = try #require(history["series"] as? [[String: Any]])
            #expect(series.first?["date"] as? String == start)
            #expect(series.last?["date"] as? String == Self.lastClose)
            #expect(Self.decimal(series.last?["value"]) == Self.decimal(detail["total_value"]))
            #expect(history["total"] as? Int == series.count)

            // The rebalance audit counts and totals the orders each rebalance caused.
            let admin = try await client.register(TestServer.admin)
            let last = try #require(rebalances.all.last)
            let caused = list.filter { $0["caused_by"] as? String == last.id }
            let audit = try TestServer.json(
                try await client.get("/api/v1/audit/rebalances/\(last.id)", token: admin))
            let counted = try #require(audit["portfolio_orders"] as? [String: Any])
            #expect(counted["portfolios"] as? Int == 1)
            #expect(counted["orders"] as? Int == caused.count)
            #expect(counted["filled"] as? Int == caused.filter { $0["status"] as? String == "filled" }.count)
            let bought = caused.filter { $0["side"] as? String == "BUY" && $0["status"] as? String == "filled" }
                .compactMap { Self.decimal($0["filled_amount"]) }.reduce(0, +)
            #expect(Self.decimal(counted["bought_amount"]) == bought)

            // Settling again, as a restart would, appends nothing; a rebuild gives the same rows.
            let head = try await store.headPosition()
            try PayloadDump.write(
                try await store.read(stream: try Portfolios.stream(of: id)), name: "portfolio-follow-index")
            let summary = try await PortfolioDesk(store: store).settle()
            #expect(summary.events == 0)
            #expect(try await store.headPosition() == head)
        }
    }

    @Test(
        "an alpaca portfolio's order is submitted by the server's settler, shows Alpaca's status, and fills as Alpaca reports"
    )
    func alpacaOverHTTP() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var configuration = try await TestServer.seeded(scratch)
        let script = AlpacaScript()
        try await withLoopbackAlpaca(script) { broker, script in
            configuration.brokers = [broker]
            configuration.brokerPollInterval = .milliseconds(50)
            let app = try await buildApplication(configuration)
            try await app.test(.live) { client in
                let dana = try await client.register("dana@example.com")
                let opened = try TestServer.json(
                    try await client.send(
                        .post, "/api/v1/portfolios", token: dana,
                        json: #"{"name": "Live", "initial_cash": 5000, "broker": "alpaca"}"#))
                let id = try #require(opened["portfolio_id"] as? String)
                #expect(opened["broker"] as? String == "alpaca")
                let placed = try TestServer.json(
                    try await client.send(
                        .post, "/api/v1/portfolios/\(id)/orders", token: dana,
                        json: #"{"symbol": "KO", "side": "BUY", "quantity": "10"}"#))
                let orderId = try #require(placed["order_id"] as? String)
                script.add("POST /v2/orders", .order(client: orderId, status: "accepted"))
                let accepted = try await Self.poll(client, "/api/v1/portfolios/\(id)/orders/\(orderId)", token: dana) {
                    $0["broker_status"] as? String == "accepted"
                }
                #expect(accepted["broker_order_id"] as? String == "61e69015-8549-4bfd-b9c3-01e75843f47d")
                #expect(accepted["status"] as? String == "pending")
                script.add(
                    "GET /v2/orders/{id}",
                    .order(
                        client: orderId, status: "filled", filled: "10", price: "41.25",
                        filledAt: "2024-02-26T21:00:00Z"))
                let filled = try await Self.poll(client, "/api/v1/portfolios/\(id)/orders/\(orderId)", token: dana) {
                    $0["status"] as? String == "filled"
                }
                #expect(Self.decimal(filled["filled_amount"]) == Decimal(string: "412.5"))
                #expect(filled["fill_date"] as? String == "2024-02-26")
                let detail = try TestServer.json(try await client.get("/api/v1/portfolios/\(id)", token: dana))
                #expect(Self.decimal(detail["cash"]) == Decimal(string: "4587.5"))
            }
        }
    }
}
