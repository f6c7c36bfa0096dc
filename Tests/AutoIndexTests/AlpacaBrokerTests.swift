import AlpacaBroker
import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import MarketData
import PortfolioService
import Testing

/// The Alpaca adapter and the desk's broker synchronisation against a loopback server that speaks
/// Alpaca's Trading API v2 JSON.
@Suite("Alpaca broker")
struct AlpacaBrokerTests {
    /// A log with AAPL closes, a desk trading through `broker`, and an alpaca portfolio of 10,000 USD
    /// with a pending BUY of 1,000 USD of AAPL.
    static func portfolio(_ broker: Broker, _ scratch: ScratchDirectory) async throws
        -> (desk: PortfolioDesk, id: String, orderId: String)
    {
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        _ = try await MarketDataImporter(store: store).importObservations(
            prices: [
                PriceObservation(symbol: "AAPL", date: "2022-12-27", close: "130.03"),
                PriceObservation(symbol: "AAPL", date: "2022-12-28", close: "126.04"),
            ], fxRates: [], provider: "csv")
        let desk = PortfolioDesk(store: store, brokers: [broker])
        let opened = try await desk.open(
            PortfolioRequest(name: "Live", initialCash: "10000", broker: "alpaca"), owner: "u1", actor: "test")
        let placed = try await desk.place(
            OrderRequest(symbol: "AAPL", side: "BUY", notional: "1000", quantity: nil), portfolio: opened.portfolio.id,
            owner: "u1", actor: "test")
        return (desk, opened.portfolio.id, placed.order.id)
    }

    @Test("an order is submitted with the keys in headers only, then accepted, partly filled and filled, each an event")
    func fills() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let log = CapturedLog()
        try await withLoopbackAlpaca(AlpacaScript(), log: log) { broker, script in
            let (desk, id, orderId) = try await Self.portfolio(broker, scratch)
            script.add("POST /v2/orders", .order(client: orderId, status: "accepted"))
            script.add(
                "GET /v2/orders/{id}", .order(client: orderId, status: "accepted"),
                .order(client: orderId, status: "partially_filled", filled: "3", price: "129.5"),
                .order(
                    client: orderId, status: "filled", filled: "7.72", price: "129.55",
                    filledAt: "2022-12-29T20:59:59.123Z"))

            var summary = try await desk.settle()
            #expect(summary.events == 1)
            var order = try #require(try await desk.portfolio(id, owner: nil).order(orderId))
            #expect(order.brokerOrderId == "61e69015-8549-4bfd-b9c3-01e75843f47d")
            #expect(order.brokerStatus?.status == "accepted")
            #expect(order.status == .pending)

            // The same status again appends nothing; a partial fill is recorded, the cash untouched.
            #expect(try await desk.settle().events == 0)
            summary = try await desk.settle()
            #expect(summary.events == 1)
            var portfolio = try await desk.portfolio(id, owner: nil)
            order = try #require(portfolio.order(orderId))
            #expect(order.brokerStatus?.status == "partially_filled")
            #expect(order.brokerStatus?.filledQuantity == "3")
            #expect(portfolio.cash == 10000)

            // Filled: 7.72 units at the average 129.55 cost 7.72 × 129.55 = 1000.126 USD, no commission.
            #expect(try await desk.settle().events == 1)
            portfolio = try await desk.portfolio(id, owner: nil)
            order = try #require(portfolio.order(orderId))
            #expect(order.status == .filled)
            #expect(order.fill?.quantity == "7.72")
            #expect(order.fill?.fillPrice == "129.55")
            #expect(order.fill?.amount == "1000.126")
            #expect(order.fill?.fillDate == "2022-12-29")
            #expect(order.fill?.brokerOrderId == "61e69015-8549-4bfd-b9c3-01e75843f47d")
            #expect(portfolio.cash == Decimal(string: "8999.874"))
            #expect(portfolio.quantity(of: "AAPL") == Decimal(string: "7.72"))
            #expect(try await desk.settle().events == 0)
            try PayloadDump.write(
                try await desk.store.read(stream: try Portfolios.stream(of: id)), name: "portfolio-alpaca")

            let submit = try #require(script.requests.first)
            #expect(submit.method == "POST")
            let body = try #require(
                try JSONSerialization.jsonObject(with: Data(submit.body.utf8)) as? [String: String])
            #expect(
                body == [
                    "symbol": "AAPL", "side": "buy", "type": "market", "time_in_force": "day", "notional": "1000",
                    "client_order_id": orderId,
                ])
            for request in script.requests {
                #expect(request.keyId == AlpacaKeys.keyId)
                #expect(request.secretKey == AlpacaKeys.secret)
                #expect(!request.uri.contains(AlpacaKeys.keyId) && !request.uri.contains(AlpacaKeys.secret))
            }
        }
        #expect(!log.text.contains(AlpacaKeys.secret) && !log.text.contains(AlpacaKeys.keyId))
    }

    @Test("403 insufficient buying power and 422 reject the order with Alpaca's message; nothing is retried")
    func refusals() async throws {
        for (status, code, message) in [
            (403, 40_310_000, "insufficient buying power"), (422, 42_210_000, "qty must be > 0"),
        ] {
            let scratch = try ScratchDirectory()
            defer { scratch.remove() }
            try await withLoopbackAlpaca(AlpacaScript()) { broker, script in
                let (desk, id, orderId) = try await Self.portfolio(broker, scratch)
                script.add("POST /v2/orders", .failure(status, code: code, message))
                script.add("GET /v2/orders:by_client_order_id", .failure(404, code: 40_410_000, "order not found"))
                #expect(try await desk.settle().events == 1)
                let order = try #require(try await desk.portfolio(id, owner: nil).order(orderId))
                #expect(order.status == .rejected)
                #expect(order.reason == "alpaca: \(message)")
                #expect(script.requests.filter { $0.method == "POST" }.count == 1)
            }
        }
    }

    @Test(
        "429 is retried after its Retry-After and 5xx after the backoff; past the tries the order waits for the next round"
    )
    func retries() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let log = CapturedLog()
        let sleeps = SleepLog()
        try await withLoopbackAlpaca(AlpacaScript(), maxAttempts: 3, log: log, sleeps: sleeps) { broker, script in
            let (desk, id, orderId) = try await Self.portfolio(broker, scratch)
            script.add(
                "POST /v2/orders", .failure(503, code: 50_300_000, "service unavailable"),
                .failure(503, code: 50_300_000, "service unavailable"),
                .failure(503, code: 50_300_000, "service unavailable"),
                .failure(429, code: 42_900_000, "rate limit exceeded", headers: ["Retry-After": "1"]),
                .order(client: orderId, status: "new"))
            let first = try await desk.settle()
            #expect(first.events == 0)
            #expect(first.problems.count == 1)
            #expect(first.problems.first?.contains("unavailable (HTTP 503): service unavailable") == true)
            #expect(try #require(try await desk.portfolio(id, owner: nil).order(orderId)).brokerOrderId == nil)
            #expect(script.requests.count == 3)

            let second = try await desk.settle()
            #expect(second.events == 1)
            #expect(second.problems.isEmpty)
            #expect(script.requests.count == 5)
            #expect(try #require(try await desk.portfolio(id, owner: nil).order(orderId)).brokerStatus?.status == "new")
        }
        // Backoff 0.5 s, then 1 s, for the 503s; the 429's own Retry-After of 1 s.
        #expect(sleeps.all == [.milliseconds(500), .seconds(1), .seconds(1)])
        #expect(log.text.contains("retrying Alpaca call"))
        #expect(!log.text.contains(AlpacaKeys.secret) && !log.text.contains(AlpacaKeys.keyId))
    }

    @Test("a malformed answer is an error holding no key; the repeat Alpaca refuses finds the order by its client id")
    func malformedThenFound() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try await withLoopbackAlpaca(AlpacaScript()) { broker, script in
            let (desk, id, orderId) = try await Self.portfolio(broker, scratch)
            script.add(
                "POST /v2/orders", AlpacaReply(body: "<html>gateway</html>"),
                .failure(422, code: 40_010_001, "client_order_id must be unique"))
            script.add("GET /v2/orders:by_client_order_id", .order(client: orderId, status: "accepted"))
            let first = try await desk.settle()
            #expect(first.events == 0)
            let problem = try #require(first.problems.first)
            #expect(problem.contains("malformed"))
            #expect(!problem.contains(AlpacaKeys.secret) && !problem.contains(AlpacaKeys.keyId))

            #expect(try await desk.settle().events == 1)
            let order = try #require(try await desk.portfolio(id, owner: nil).order(orderId))
            #expect(order.brokerStatus?.status == "accepted")
            let lookup = try #require(script.requests.last)
            #expect(lookup.uri == "/v2/orders:by_client_order_id?client_order_id=\(orderId)")
        }
    }

    @Test("a submitted order is canceled at Alpaca first; one Alpaca can no longer cancel stays as it is, 409")
    func cancel() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try await withLoopbackAlpaca(AlpacaScript()) { broker, script in
            let (desk, id, orderId) = try await Self.portfolio(broker, scratch)
            script.add("POST /v2/orders", .order(client: orderId, status: "accepted"))
            _ = try await desk.settle()
            script.add(
                "DELETE /v2/orders/{id}", .failure(422, code: 42_210_000, "order is not cancelable"),
                AlpacaReply(status: 204, body: ""))
            await #expect(throws: PortfolioError.self) {
                try await desk.cancel(order: orderId, portfolio: id, owner: "u1", actor: "test")
            }
            #expect(try #require(try await desk.portfolio(id, owner: nil).order(orderId)).status == .pending)
            let canceled = try await desk.cancel(order: orderId, portfolio: id, owner: "u1", actor: "test")
            #expect(canceled.portfolio.order(orderId)?.status == .canceled)
            #expect(
                script.requests.filter { $0.method == "DELETE" }.map(\.uri) == [
                    "/v2/orders/61e69015-8549-4bfd-b9c3-01e75843f47d",
                    "/v2/orders/61e69015-8549-4bfd-b9c3-01e75843f47d",
                ])
        }
    }

    @Test("the account and positions read Alpaca's JSON; a wrong key is 401 unauthorized")
    func accountAndPositions() async throws {
        let script = AlpacaScript([
            "GET /v2/account": [
                AlpacaReply(
                    body:
                        #"{"id": "a1", "status": "ACTIVE", "currency": "USD", "cash": "8999.874", "buying_power": "17999.748", "equity": "10000.2"}"#
                ),
                .failure(401, code: 40_110_000, "request is not authorized"),
            ],
            "GET /v2/positions": [
                AlpacaReply(
                    body:
                        #"[{"symbol": "AAPL", "qty": "7.72", "avg_entry_price": "129.55", "market_value": "1000.58", "side": "long"}]"#
                )
            ],
        ])
        try await withLoopbackAlpaca(script) { broker, _ in
            #expect(
                try await broker.account()
                    == BrokerAccount(status: "ACTIVE", currency: "USD", cash: "8999.874", buyingPower: "17999.748"))
            #expect(
                try await broker.positions() == [
                    BrokerPosition(
                        symbol: "AAPL", quantity: "7.72", averageEntryPrice: "129.55", marketValue: "1000.58")
                ])
            do {
                _ = try await broker.account()
                Issue.record("a 401 must throw")
            } catch let error as BrokerError {
                #expect(error == BrokerError(.unauthorized, status: 401, message: "request is not authorized"))
            }
        }
    }

    @Test("the configuration comes from the environment, defaults to the paper endpoint and never prints a key")
    func configuration() throws {
        #expect(AlpacaConfiguration(environment: ["ALPACA_API_KEY_ID": "k"]) == nil)
        let configuration = try #require(
            AlpacaConfiguration(environment: [
                "ALPACA_API_KEY_ID": AlpacaKeys.keyId, "ALPACA_API_SECRET_KEY": AlpacaKeys.secret,
            ]))
        #expect(configuration.baseURL == "https://paper-api.alpaca.markets")
        #expect(!"\(configuration)".contains(AlpacaKeys.keyId) && !"\(configuration)".contains(AlpacaKeys.secret))
        #expect(
            configuration.redacting("key \(AlpacaKeys.keyId) secret \(AlpacaKeys.secret)")
                == "key [redacted] secret [redacted]")
    }
}
