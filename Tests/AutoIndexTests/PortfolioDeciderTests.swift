import AutoIndexDomain
import EventSourcing
import Foundation
import IndexEngine
import Testing

/// The portfolio deciders and the paper broker's fill rule, against hand-worked figures.
@Suite("Portfolio deciders and market-on-next-close fills")
struct PortfolioDeciderTests {
    /// AAPL closes 125.00 on the 28th and 129.93 on the 29th; XOM 100 then 110.
    static let book = PriceBook(closes: [
        "AAPL": ["2022-12-27": "124", "2022-12-28": "125.00", "2022-12-29": "129.93"],
        "XOM": ["2022-12-27": "99", "2022-12-28": "100", "2022-12-29": "110"],
    ])

    final class Counter: @unchecked Sendable {
        var next = 0
        func id() -> String {
            next += 1
            return "id-\(next)"
        }
    }

    static func opened(
        cash: String = "10000", bps: Int = 0, book: PriceBook = book, mode: String = "manual"
    ) throws -> Portfolio {
        let counter = Counter()
        let plan = try Portfolios.open(
            PortfolioRequest(name: "Test", initialCash: cash, mode: mode, commissionBps: bps), id: "p1", owner: "u1",
            indexId: "autoindex", book: book, rebalances: IndexRebalances(indexId: "autoindex"), makeId: counter.id)
        var portfolio = Portfolio(try #require(plan.parts.first?.events.first?.event as? PortfolioOpened))
        for planned in plan.parts[0].events.dropFirst() { portfolio.apply(planned.event) }
        return portfolio
    }

    static func place(_ request: OrderRequest, on portfolio: inout Portfolio, book: PriceBook = book) throws -> String {
        let counter = Counter()
        counter.next = portfolio.orders.count * 100
        guard
            case .placed(let plan, let orderId) = try Portfolios.place(
                request, on: portfolio, book: book, rebalances: IndexRebalances(indexId: "autoindex"),
                makeId: counter.id)
        else { throw PortfolioError.invalid(["repeated"]) }
        for planned in plan.parts[0].events { portfolio.apply(planned.event) }
        return orderId
    }

    static func settle(_ portfolio: inout Portfolio, book: PriceBook) -> [any DomainEvent] {
        let events = PortfolioSettlement.events(for: portfolio, book: book, rebalances: nil, makeId: { "x" })
        for event in events { portfolio.apply(event) }
        return events
    }

    @Test("a BUY placed after the 28th's close waits for the 29th, then buys notional ÷ price rounded down")
    func buyFillsAtNextClose() throws {
        var portfolio = try Self.opened(bps: 5)
        #expect(portfolio.opened.openedDate == "2022-12-29")
        let upTo28 = PriceBook(closes: [
            "AAPL": ["2022-12-27": "124", "2022-12-28": "125.00"], "XOM": ["2022-12-28": "100"],
        ])
        portfolio = try Self.opened(bps: 5, book: upTo28)
        let id = try Self.place(
            OrderRequest(symbol: "aapl", side: "BUY", notional: "1000", quantity: nil), on: &portfolio, book: upTo28)
        #expect(portfolio.order(id)?.placed.afterDate == "2022-12-28")
        #expect(Self.settle(&portfolio, book: upTo28).isEmpty)
        #expect(portfolio.order(id)?.status == .pending)

        let events = Self.settle(&portfolio, book: Self.book)
        let fill = try #require(events.first as? OrderFilled)
        // 1000 / 129.93 = 7.69645193…, rounded down to 7.696451; 7.696451 × 129.93 = 999.99987843;
        // 5 bps of it = 0.4999999392…, half-even to the cent: 0.50.
        #expect(fill.fillDate == "2022-12-29")
        #expect(fill.fillPrice == "129.93")
        #expect(fill.quantity == "7.696451")
        #expect(fill.amount == "999.99987843")
        #expect(fill.commission == "0.5")
        #expect(portfolio.cash == Decimal(string: "8999.50012157"))
        #expect(portfolio.holdings["AAPL"]?.costBasis == Decimal(string: "1000.49987843"))
        #expect(Self.settle(&portfolio, book: Self.book).isEmpty)
    }

    @Test("a BUY beyond the cash is rejected with the reason, and nothing changes")
    func buyBeyondCashIsRejected() throws {
        let upTo28 = PriceBook(closes: ["AAPL": ["2022-12-28": "125"], "XOM": ["2022-12-28": "100"]])
        var portfolio = try Self.opened(cash: "500", book: upTo28)
        let id = try Self.place(
            OrderRequest(symbol: "XOM", side: "BUY", notional: nil, quantity: "5"), on: &portfolio, book: upTo28)
        let events = Self.settle(&portfolio, book: Self.book)
        let rejected = try #require(events.first as? OrderRejected)
        #expect(rejected.orderId == id)
        #expect(rejected.date == "2022-12-29")
        #expect(
            rejected.reason
                == "not enough cash: 5 XOM at 110 costs 550 USD plus 0 USD commission; the cash is 500 USD")
        #expect(portfolio.cash == 500)
        #expect(portfolio.holdings.isEmpty)
        #expect(portfolio.order(id)?.status == .rejected)
    }

    @Test("at one close SELLs fill before BUYs, so a sale pays for a purchase placed before it")
    func sellsBeforeBuys() throws {
        let upTo27 = PriceBook(closes: ["AAPL": ["2022-12-27": "124"], "XOM": ["2022-12-27": "99"]])
        var portfolio = try Self.opened(cash: "1000", book: upTo27)
        _ = try Self.place(
            OrderRequest(symbol: "XOM", side: "BUY", notional: nil, quantity: "10"), on: &portfolio, book: upTo27)
        let upTo28 = PriceBook(closes: [
            "AAPL": ["2022-12-27": "124", "2022-12-28": "125"], "XOM": ["2022-12-27": "99", "2022-12-28": "100"],
        ])
        _ = Self.settle(&portfolio, book: upTo28)
        #expect(portfolio.cash == 0)
        // The BUY is placed first, the SELL second; both fill at the 29th's close.
        let buy = try Self.place(
            OrderRequest(symbol: "AAPL", side: "BUY", notional: "1000", quantity: nil), on: &portfolio, book: upTo28)
        let sell = try Self.place(
            OrderRequest(symbol: "XOM", side: "SELL", notional: "5000", quantity: nil), on: &portfolio, book: upTo28)
        let events = Self.settle(&portfolio, book: Self.book)
        #expect(events.map { ($0 as? OrderFilled)?.orderId } == [sell, buy])
        // The SELL by notional sells min(5000 / 110 rounded down, 10 held) = 10: 1,100 USD.
        #expect((events[0] as? OrderFilled)?.quantity == "10")
        #expect(portfolio.realizedPnl == 100)
        #expect(portfolio.quantity(of: "AAPL") == Decimal(string: "7.696451"))
        #expect(portfolio.cash == Decimal(string: "100.00012157"))
    }

    @Test("a benchmark, an unknown symbol and a bad amount are refused at the door, naming each field")
    func refusedAtTheDoor() throws {
        var portfolio = try Self.opened()
        #expect(throws: PortfolioError.invalid(["symbol: ZZZ cannot be traded: it is not a listed asset"])) {
            try Self.place(OrderRequest(symbol: "ZZZ", side: "BUY", notional: "10", quantity: nil), on: &portfolio)
        }
        #expect(
            throws: PortfolioError.invalid([
                "side: \"HOLD\" is not BUY or SELL", "notional: at most 2 decimals (cents), got 1.234",
            ])
        ) {
            try Self.place(OrderRequest(symbol: "AAPL", side: "HOLD", notional: "1.234", quantity: nil), on: &portfolio)
        }
        #expect(throws: PortfolioError.invalid(["notional or quantity: give exactly one"])) {
            try Self.place(OrderRequest(symbol: "AAPL", side: "BUY", notional: "1", quantity: "1"), on: &portfolio)
        }
        #expect(portfolio.orders.isEmpty)
    }

    @Test("a repeated client order id returns the first order and plans nothing")
    func clientOrderIdIsIdempotent() throws {
        var portfolio = try Self.opened()
        let request = OrderRequest(symbol: "AAPL", side: "BUY", notional: "10", quantity: nil, clientOrderId: "c-1")
        let first = try Self.place(request, on: &portfolio)
        let again = try Portfolios.place(
            request, on: portfolio, book: Self.book, rebalances: IndexRebalances(indexId: "autoindex"),
            makeId: { "other" })
        guard case .repeated(let order) = again else {
            Issue.record("a repeat placed a new order")
            return
        }
        #expect(order.id == first)
    }

    @Test("a withdrawal beyond the cash is refused; a deposit counts at the latest close")
    func cashMoves() throws {
        let portfolio = try Self.opened(cash: "100")
        #expect(throws: PortfolioError.insufficientCash(requested: "100.01", available: "100")) {
            try Portfolios.moveCash("-100.01", in: portfolio, book: Self.book)
        }
        let plan = try Portfolios.moveCash("25.5", in: portfolio, book: Self.book)
        let deposit = try #require(plan.parts.first?.events.first?.event as? CashDeposited)
        #expect(deposit.amount == "25.5")
        #expect(deposit.date == "2022-12-29")
        #expect(plan.parts.first?.expectedVersion == .exact(2))
    }
}

@Suite("Following the index")
struct IndexFollowingTests {
    /// A 10 → 10 → 11 → 12 → 12, B 20 → 20 → 20 → 18 → 18; rebalances to 50/50 at the close of the
    /// 2nd and to 100 % A at the close of the 4th.
    static let book = PriceBook(closes: [
        "A": ["2020-01-01": "10", "2020-01-02": "10", "2020-01-03": "11", "2020-01-06": "12", "2020-01-07": "12"],
        "B": ["2020-01-01": "20", "2020-01-02": "20", "2020-01-03": "20", "2020-01-06": "18", "2020-01-07": "18"],
    ])

    static func rebalances() throws -> IndexRebalances {
        var rebalances = IndexRebalances(indexId: "autoindex")
        let changes = [
            ("r1", "2020-01-01", [AssetWeight(symbol: "A", weight: 0.5), AssetWeight(symbol: "B", weight: 0.5)]),
            ("r2", "2020-01-03", [AssetWeight(symbol: "A", weight: 1)]),
        ]
        for (index, (id, date, weights)) in changes.enumerated() {
            let event = AllocationChanged(
                indexId: "autoindex", asOfDate: date, oldWeights: [], newWeights: weights, turnover: 1)
            try rebalances.evolve(
                RecordedEvent(
                    position: Int64(index + 1), stream: try StreamName("index-autoindex"), version: Int64(index + 1),
                    type: AllocationChanged.eventType, schemaVersion: 1, payload: try CanonicalJSON.encode(event),
                    metadata: EventMetadata(actor: "system", correlationId: id), recordedAt: "2026-12-03T00:00:00Z",
                    hash: ""))
        }
        return rebalances
    }

    @Test("opened in the past, it buys the weights in force, fills at each next close and follows each rebalance")
    func followsFromStartDate() throws {
        var ids = 0
        let plan = try Portfolios.open(
            PortfolioRequest(name: "F", initialCash: "1000", mode: "follow_index", startDate: "2020-01-02"),
            id: "p", owner: "u", indexId: "autoindex", book: Self.book, rebalances: try Self.rebalances(),
            makeId: {
                ids += 1
                return "o\(ids)"
            })
        let events = plan.parts[0].events.map(\.event)
        var portfolio = Portfolio(try #require(events.first as? PortfolioOpened))
        for event in events.dropFirst() { portfolio.apply(event) }
        let fills = events.compactMap { $0 as? OrderFilled }
        // r1 (in force before the 2nd): 500 USD each of A and B, decided at the 1st's close, filled at
        // the 2nd's: 50 A at 10, 25 B at 20. r2 at the 3rd's close: value 50 × 11 + 25 × 20 = 1,050;
        // sell all 25 B and buy 1,050 − 550 = 500 USD of A, scaled to the 25 × 20 − 0.01 = 499.99 the sale
        // should leave. Both fill at the 6th's close, where B has fallen: 25 × 18 = 450, then A 499.99 / 12
        // = 41.665833 units for 499.989996, more than the 450: rejected (a price move no sizing foresees).
        #expect(
            fills.map { "\($0.symbol) \($0.side) \($0.quantity) @ \($0.fillPrice) on \($0.fillDate)" } == [
                "A BUY 50 @ 10 on 2020-01-02", "B BUY 25 @ 20 on 2020-01-02", "B SELL 25 @ 18 on 2020-01-06",
            ])
        let rejected = try #require(events.compactMap { $0 as? OrderRejected }.first)
        #expect(rejected.date == "2020-01-06")
        #expect(events.compactMap { $0 as? OrderPlaced }.last?.notional == "499.99")
        #expect(portfolio.cash == 450)
        #expect(portfolio.quantity(of: "A") == 50)
        #expect(portfolio.realizedPnl == -50)
        #expect(portfolio.followedRebalances == ["r1", "r2"])
        #expect(
            PortfolioSettlement.events(
                for: portfolio, book: Self.book, rebalances: try Self.rebalances(), makeId: { "again" }
            ).isEmpty)
    }
}

@Suite("Time- and money-weighted returns")
struct PortfolioReturnsTests {
    static func day(_ text: String) throws -> TradingDate { try #require(TradingDate(text)) }

    @Test("XIRR reproduces Microsoft's published example: 0.373362535")
    func xirrMatchesPublishedExample() throws {
        // support.microsoft.com, "XIRR function": −10,000 on 2008-01-01, then 2,750 on 2008-03-01,
        // 4,250 on 2008-10-30, 3,250 on 2009-02-15 and 2,750 on 2009-04-01 give 0.373362535 (37.34 %).
        let flows = [
            (try Self.day("2008-01-01"), -10_000.0), (try Self.day("2008-03-01"), 2750),
            (try Self.day("2008-10-30"), 4250), (try Self.day("2009-02-15"), 3250), (try Self.day("2009-04-01"), 2750),
        ].map { (date: $0.0, amount: $0.1) }
        let rate = try #require(PortfolioReturns.internalRate(flows))
        // Excel iterates until the result is accurate to 0.000001 % (1e-8), as the same page says.
        #expect(abs(rate - 0.373362535) < 1e-8)
    }

    @Test("TWR removes the flows: 1,000 → 1,100, +500 deposited, → 1,760 is 1.1 × 1.1 − 1 = 21 %")
    func timeWeightedRemovesFlows() throws {
        let points = [
            PortfolioReturns.Point(date: try Self.day("2020-01-01"), value: 1000, flow: 1000),
            PortfolioReturns.Point(date: try Self.day("2020-01-02"), value: 1600, flow: 500),
            PortfolioReturns.Point(date: try Self.day("2020-01-03"), value: 1760, flow: 0),
        ]
        // Day 2: (1,600 − 500) / 1,000 = 1.1; day 3: 1,760 / 1,600 = 1.1.
        #expect(abs((PortfolioReturns.timeWeighted(points) ?? 0) - 0.21) < 1e-12)
        // A single deposit of 1,000 worth 1,100 a year (365 days) later earns 10 % a year.
        let year = [
            PortfolioReturns.Point(date: try Self.day("2021-01-01"), value: 1000, flow: 1000),
            PortfolioReturns.Point(date: try Self.day("2022-01-01"), value: 1100, flow: 0),
        ]
        #expect(abs((PortfolioReturns.moneyWeighted(year) ?? 0) - 0.1) < 1e-12)
        #expect(PortfolioReturns.moneyWeighted([year[0]]) == nil)
    }
}
