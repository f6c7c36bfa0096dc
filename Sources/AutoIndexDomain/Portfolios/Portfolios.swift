import EventSourcing
import Foundation
import IndexEngine

/// The portfolio deciders: open, move cash, place and cancel orders, close, and settle. Each returns
/// the plan for the portfolio's stream, guarded by the version it decided on.
public enum Portfolios {
    /// The stream of a portfolio.
    /// - Throws: `EventStoreError.invalidStreamName` for an id that cannot name a stream.
    public static func stream(of portfolioId: String) throws -> StreamName {
        try StreamName(category: "portfolio", id: portfolioId)
    }

    /// Opens a portfolio with its initial cash. A `follow_index` portfolio also places the orders that
    /// buy the index's weights in force when it opens, and, opened in the past, settles every close
    /// and rebalance since, in the same append.
    /// - Parameter brokers: the brokers the service can trade through now.
    /// - Throws: `PortfolioError.invalid` naming every problem; `.noMarketData` before any close.
    public static func open(
        _ request: PortfolioRequest, id: String, owner: String, indexId: String, book: PriceBook,
        rebalances: IndexRebalances, brokers: Set<BrokerName> = Set(BrokerName.allCases), makeId: () -> String
    ) throws -> PlannedAppend {
        guard let latest = book.latestDate else {
            throw PortfolioError.noMarketData("no closes in the log yet: import market data first")
        }
        var problems: [String] = []
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 100 { problems.append("name: 1 to 100 characters") }
        var cash: Decimal = 0
        switch PortfolioRules.amount(request.initialCash, field: "initial_cash") {
        case .success(let value): cash = value
        case .failure(let problem): problems.append(problem.text)
        }
        let mode = PortfolioMode(rawValue: request.mode)
        if mode == nil { problems.append("mode: \"\(request.mode)\" is not manual or follow_index") }
        let broker = BrokerName(rawValue: request.broker)
        if broker == nil { problems.append("broker: \"\(request.broker)\" is not paper or alpaca") }
        if let broker, !brokers.contains(broker) {
            problems.append(
                "broker: \(broker.rawValue) is not available here (ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY are not set)"
            )
        }
        if !(0...PortfolioRules.maxCommissionBps).contains(request.commissionBps) {
            problems.append("commission_bps: must be from 0 to \(PortfolioRules.maxCommissionBps)")
        }
        var openedDate = latest
        var alignment: (rebalance: IndexRebalances.Rebalance, after: String)?
        if let start = request.startDate {
            if mode != .followIndex {
                problems.append("start_date: only a follow_index portfolio starts in the past")
            } else if broker == .alpaca {
                problems.append("start_date: only a paper portfolio starts in the past")
            } else if TradingDate(start) == nil {
                problems.append("start_date: \"\(start)\" is not a date YYYY-MM-DD")
            } else if start > latest {
                problems.append("start_date: \(start) is after the latest close in the log, \(latest)")
            } else if let rebalance = rebalances.inForce(at: start, strictlyBefore: true),
                let after = book.latestDate(before: start)
            {
                openedDate = start
                alignment = (rebalance, after)
            } else {
                problems.append(
                    "start_date: the index has no allocation before \(start)"
                        + (rebalances.all.first.map { "; its first is at the close of \($0.date)" } ?? ""))
            }
        } else if mode == .followIndex && broker == .alpaca {
            problems.append("mode: follow_index trades through the paper broker only")
        } else if mode == .followIndex {
            if let rebalance = rebalances.inForce(at: latest) {
                alignment = (rebalance, latest)
            } else {
                problems.append("mode: the index has no allocation to follow yet")
            }
        }
        guard problems.isEmpty, let mode, let broker else { throw PortfolioError.invalid(problems) }

        let opened = PortfolioOpened(
            portfolioId: id, ownerId: owner, name: name, mode: mode.rawValue, broker: broker.rawValue,
            commissionBps: request.commissionBps, openedDate: openedDate,
            indexId: mode == .followIndex ? indexId : nil)
        var state = Portfolio(opened)
        var events: [any DomainEvent] = [opened]
        func record(_ event: any DomainEvent) {
            state.apply(event)
            events.append(event)
        }
        record(CashDeposited(portfolioId: id, amount: cash.moneyText, date: openedDate))
        if let alignment {
            for order in IndexFollowing.orders(
                for: alignment.rebalance, portfolio: state, at: alignment.after, book: book, makeId: makeId)
            {
                record(order)
            }
        }
        for event in PortfolioSettlement.events(for: state, book: book, rebalances: rebalances, makeId: makeId) {
            record(event)
        }
        return PlannedAppend([
            .init(stream: try stream(of: id), expectedVersion: .noStream, events: events.map { PlannedEvent($0) })
        ])
    }

    /// A deposit (`amount` > 0) or a withdrawal (`amount` < 0, at most the cash), counted at the
    /// latest close.
    /// - Throws: `PortfolioError.invalid`, `.insufficientCash`, `.closed`.
    public static func moveCash(_ amount: String, in portfolio: Portfolio, book: PriceBook) throws -> PlannedAppend {
        guard !portfolio.isClosed else { throw PortfolioError.closed(portfolio.id) }
        let value: Decimal
        switch PortfolioRules.amount(amount, field: "amount", allowNegative: true) {
        case .success(let parsed): value = parsed
        case .failure(let problem): throw PortfolioError.invalid([problem.text])
        }
        let date = max(book.latestDate ?? portfolio.lastDate, portfolio.lastDate)
        let event: any DomainEvent
        if value > 0 {
            event = CashDeposited(portfolioId: portfolio.id, amount: value.moneyText, date: date)
        } else {
            guard -value <= portfolio.cash else {
                throw PortfolioError.insufficientCash(
                    requested: (-value).moneyText, available: portfolio.cash.moneyText)
            }
            event = CashWithdrawn(portfolioId: portfolio.id, amount: (-value).moneyText, date: date)
        }
        return try plan([event], on: portfolio)
    }

    /// What placing an order decided: a new order, or the one placed before with the same client id.
    public enum Placement: Sendable {
        case placed(PlannedAppend, orderId: String)
        case repeated(PortfolioOrder)
    }

    /// Places a market order to fill at the symbol's next close; `INDEX` places one leg per
    /// constituent at the weights of the index's latest rebalance (notional × weight, rounded down to
    /// the cent).
    /// - Throws: `PortfolioError.invalid` naming every problem (an unknown or benchmark symbol among
    ///   them), `.closed`, `.followsIndex`.
    public static func place(
        _ request: OrderRequest, on portfolio: Portfolio, book: PriceBook, rebalances: IndexRebalances,
        makeId: () -> String
    ) throws -> Placement {
        if let client = request.clientOrderId, let earlier = portfolio.order(clientOrderId: client) {
            return .repeated(earlier)
        }
        guard !portfolio.isClosed else { throw PortfolioError.closed(portfolio.id) }
        guard portfolio.mode == .manual else { throw PortfolioError.followsIndex(portfolio.id) }
        var problems: [String] = []
        let symbol = request.symbol.trimmingCharacters(in: .whitespaces).uppercased()
        let isBasket = symbol == OrderSymbol.index
        if !isBasket && !book.tradable.contains(symbol) {
            problems.append(
                symbol.isEmpty
                    ? "symbol: required"
                    : "symbol: \(symbol) cannot be traded: it is \(book.isListed(symbol) ? "a benchmark" : "not a listed asset")"
            )
        } else if !isBasket && book.latestClose(of: symbol) == nil {
            problems.append("symbol: \(symbol) has no close in the log yet")
        }
        let side = OrderSide(rawValue: request.side.uppercased())
        if side == nil { problems.append("side: \"\(request.side)\" is not BUY or SELL") }
        var notional: Decimal?
        var quantity: Decimal?
        switch (request.notional, request.quantity) {
        case (nil, nil), (.some, .some):
            problems.append("notional or quantity: give exactly one")
        case (let text?, nil):
            switch PortfolioRules.amount(text, field: "notional") {
            case .success(let value): notional = value
            case .failure(let problem): problems.append(problem.text)
            }
        case (nil, let text?):
            if isBasket { problems.append("quantity: an INDEX order takes a notional") }
            switch PortfolioRules.quantity(text) {
            case .success(let value): quantity = value
            case .failure(let problem): problems.append(problem.text)
            }
        }
        if let client = request.clientOrderId, client.isEmpty || client.count > 128 {
            problems.append("client_order_id: 1 to 128 characters")
        }
        var legs: [(String, Decimal)] = []
        if isBasket, let notional {
            guard let latest = rebalances.latest else {
                throw PortfolioError.noMarketData("the index has no allocation yet to buy")
            }
            legs = latest.weights.compactMap { weight in
                let amount = Money.roundedDown(notional * Money.decimal(weight.weight), places: 2)
                return amount > 0 && book.latestClose(of: weight.symbol) != nil ? (weight.symbol, amount) : nil
            }
            if legs.isEmpty { problems.append("notional: \(notional.moneyText) USD is too small to split") }
        }
        guard problems.isEmpty, let side else { throw PortfolioError.invalid(problems) }

        let orderId = makeId()
        let parent = OrderPlaced(
            portfolioId: portfolio.id, orderId: orderId, clientOrderId: request.clientOrderId, symbol: symbol,
            side: side.rawValue, notional: notional?.moneyText, quantity: quantity?.moneyText,
            afterDate: isBasket ? nil : book.latestClose(of: symbol)?.date)
        let children = legs.map { leg in
            OrderPlaced(
                portfolioId: portfolio.id, orderId: makeId(), symbol: leg.0, side: side.rawValue,
                notional: leg.1.moneyText, quantity: nil, afterDate: book.latestClose(of: leg.0)?.date,
                basketId: orderId)
        }
        return .placed(try plan([parent] + children, on: portfolio), orderId: orderId)
    }

    /// Cancels a pending order (every pending leg of a basket).
    /// - Throws: `PortfolioError.orderNotFound`, `.orderNotPending`.
    public static func cancel(_ orderId: String, on portfolio: Portfolio, book: PriceBook) throws -> PlannedAppend {
        guard let order = portfolio.order(orderId) else { throw PortfolioError.orderNotFound(orderId) }
        guard order.status == .pending else {
            throw PortfolioError.orderNotPending(orderId: orderId, status: order.status.rawValue)
        }
        let ids = order.isBasket ? order.legs.filter { portfolio.order($0)?.status == .pending } : [orderId]
        let date = book.latestDate
        return try plan(
            ids.map {
                OrderCanceled(portfolioId: portfolio.id, orderId: $0, reason: "canceled by its owner", date: date)
            },
            on: portfolio)
    }

    /// Closes a portfolio, cancelling its pending orders; its history stays.
    /// - Throws: `PortfolioError.closed` when it already is.
    public static func close(_ portfolio: Portfolio, book: PriceBook) throws -> PlannedAppend {
        guard !portfolio.isClosed else { throw PortfolioError.closed(portfolio.id) }
        let date = max(book.latestDate ?? portfolio.lastDate, portfolio.lastDate)
        let cancels: [any DomainEvent] = portfolio.pendingOrders.map {
            OrderCanceled(portfolioId: portfolio.id, orderId: $0.id, reason: "the portfolio was closed", date: date)
        }
        return try plan(cancels + [PortfolioClosed(portfolioId: portfolio.id, date: date, reason: nil)], on: portfolio)
    }

    /// What the paper broker and the index follower append to `portfolio` now (see
    /// ``PortfolioSettlement``).
    public static func settle(
        _ portfolio: Portfolio, book: PriceBook, rebalances: IndexRebalances?, makeId: () -> String
    ) throws -> PlannedAppend {
        let events = PortfolioSettlement.events(for: portfolio, book: book, rebalances: rebalances, makeId: makeId)
        return events.isEmpty ? PlannedAppend() : try plan(events, on: portfolio)
    }

    /// `events` appended to `portfolio`'s stream at the version it was decided on.
    public static func plan(_ events: [any DomainEvent], on portfolio: Portfolio) throws -> PlannedAppend {
        PlannedAppend([
            .init(
                stream: try stream(of: portfolio.id), expectedVersion: .after(portfolio.version),
                events: events.map { PlannedEvent($0) })
        ])
    }
}
