import AutoIndexDomain
import EventSourcing
import Foundation

/// The portfolio commands against the log, one at a time: open, move cash, place and cancel orders,
/// close, and settle (the paper broker's fills and the index follower's orders).
///
/// Each command reads the portfolio's stream, decides on it with the market data and rebalances in
/// the log, and appends with the version it decided on; when another process appended to that stream
/// meanwhile, it decides again. The market data, the price book made from it and the rebalances are
/// kept and only caught up with what the log gained since.
public actor PortfolioDesk {
    public let store: any EventStore
    public let indexId: String
    private var market = MarketDataLedger()
    private var book: (position: Int64, book: PriceBook)?
    private var rebalances: IndexRebalances
    private var directory = PortfolioDirectory()
    /// Each portfolio as last read, caught up with what its stream gained since on every read.
    private var portfolios: [String: Portfolio] = [:]
    private let makeId: @Sendable () -> String
    /// The external brokers this process trades through.
    let brokers: [BrokerName: Broker]

    /// - Parameters:
    ///   - market: the market data already folded from this log (the first start's), so the first
    ///     command reads only what the log gained since.
    ///   - brokers: the external brokers this process can trade through (`paper` is built in).
    ///   - makeId: new order and portfolio ids (random UUIDs; tests pass their own).
    public init(
        store: any EventStore, indexId: String = IndexStreams.defaultIndexId, market: MarketDataLedger? = nil,
        brokers: [Broker] = [], makeId: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.store = store
        self.indexId = indexId
        self.market = market ?? MarketDataLedger()
        self.brokers = Dictionary(brokers.map { ($0.name, $0) }) { first, _ in first }
        self.makeId = makeId
        rebalances = IndexRebalances(indexId: indexId)
    }

    /// A portfolio as a command left it, with the log position that shows it (read-your-writes).
    public struct Outcome: Sendable {
        public var portfolio: Portfolio
        /// The last position appended, or the log's head when nothing was.
        public var position: Int64
        /// Whether an idempotency key named a portfolio opened before (nothing was appended).
        public var repeated = false
    }

    /// An order placed, or the earlier one with the same client order id.
    public struct PlacedOrder: Sendable {
        public var order: PortfolioOrder
        public var portfolio: Portfolio
        public var position: Int64
        /// Whether the client order id named an order placed before (nothing was appended).
        public var repeated: Bool
    }

    /// What one settlement appended.
    public struct Settlement: Sendable, Hashable {
        /// The portfolios that gained events.
        public var portfolios: Int
        public var events: Int
        /// The last position appended; nil when nothing was.
        public var position: Int64?
        /// Broker calls that failed and are tried again at the next settlement.
        public var problems: [String] = []

        mutating func count(_ plan: PlannedAppend, at position: Int64) {
            portfolios += 1
            events += plan.eventCount
            self.position = position
        }
    }

    /// Opens a portfolio for `owner` (see ``Portfolios/open(_:id:owner:indexId:book:rebalances:brokers:makeId:)``).
    /// - Parameter id: the portfolio's id when the caller derives one (from an idempotency key): a
    ///   portfolio of `owner` that already has it is answered as it stands, `repeated`, and nothing
    ///   is appended. A new random id otherwise.
    /// - Throws: `PortfolioError`, store errors.
    public func open(
        _ request: PortfolioRequest, id given: String? = nil, owner: String, actor: String, source: String = "api"
    ) async throws -> Outcome {
        let id = given ?? makeId()
        if given != nil, let earlier = try await existing(id, owner: owner) { return earlier }
        let inputs = try await caughtUp()
        let plan = try Portfolios.open(
            request, id: id, owner: owner, indexId: indexId, book: inputs.book, rebalances: inputs.rebalances,
            brokers: Set(brokers.keys).union([.paper]), makeId: makeId)
        do {
            let result = try await store.append(try plan.request(metadata: metadata(actor, source)))
            return Outcome(portfolio: try await portfolio(id, owner: nil), position: result.lastPosition)
        } catch EventStoreError.wrongExpectedVersion where given != nil {
            // The same key raced in: answer what the first one opened.
            guard let earlier = try await existing(id, owner: owner) else { throw PortfolioError.portfolioNotFound(id) }
            return earlier
        }
    }

    /// The owner's portfolio with this id, as a repeated outcome, if it exists.
    private func existing(_ id: String, owner: String) async throws -> Outcome? {
        guard let portfolio = try? await portfolio(id, owner: owner) else { return nil }
        return Outcome(portfolio: portfolio, position: try await store.headPosition(), repeated: true)
    }

    /// The portfolio with this id as its stream tells it; with `owner`, only if they own it.
    /// - Throws: `PortfolioError.portfolioNotFound` for an unknown id or another owner's portfolio.
    public func portfolio(_ id: String, owner: String?) async throws -> Portfolio {
        guard let stream = try? Portfolios.stream(of: id) else { throw PortfolioError.portfolioNotFound(id) }
        var portfolio: Portfolio
        if var known = portfolios[id] {
            for recorded in try await store.read(stream: stream, fromVersion: known.version + 1) {
                known.apply(try EventCatalog.decode(recorded))
            }
            portfolio = known
        } else {
            guard let read = try Portfolio(try await store.read(stream: stream)) else {
                throw PortfolioError.portfolioNotFound(id)
            }
            portfolio = read
        }
        portfolios[id] = portfolio
        guard owner.map({ $0 == portfolio.opened.ownerId }) ?? true else { throw PortfolioError.portfolioNotFound(id) }
        return portfolio
    }

    /// Deposits (`amount` > 0) or withdraws (`amount` < 0) cash.
    /// - Throws: `PortfolioError`, store errors.
    public func moveCash(_ amount: String, portfolio id: String, owner: String, actor: String, source: String = "api")
        async throws -> Outcome
    {
        try await command(id, owner: owner, actor: actor, source: source) { portfolio, inputs in
            try Portfolios.moveCash(amount, in: portfolio, book: inputs.book)
        }
    }

    /// Places an order to fill at its symbol's next close (an `INDEX` basket places one leg per
    /// constituent).
    /// - Throws: `PortfolioError`, store errors.
    public func place(
        _ request: OrderRequest, portfolio id: String, owner: String, actor: String, source: String = "api"
    )
        async throws -> PlacedOrder
    {
        var attempt = 0
        while true {
            attempt += 1
            let portfolio = try await portfolio(id, owner: owner)
            let inputs = try await caughtUp()
            switch try Portfolios.place(
                request, on: portfolio, book: inputs.book, rebalances: inputs.rebalances, makeId: makeId)
            {
            case .repeated(let order):
                return PlacedOrder(order: order, portfolio: portfolio, position: 0, repeated: true)
            case .placed(let plan, let orderId):
                do {
                    let result = try await store.append(try plan.request(metadata: metadata(actor, source)))
                    let after = try await self.portfolio(id, owner: owner)
                    guard let order = after.order(orderId) else { throw PortfolioError.orderNotFound(orderId) }
                    return PlacedOrder(order: order, portfolio: after, position: result.lastPosition, repeated: false)
                } catch EventStoreError.wrongExpectedVersion where attempt < 3 {
                    continue
                }
            }
        }
    }

    /// Cancels a pending order.
    /// - Throws: `PortfolioError.orderNotFound`, `.orderNotPending`, store errors.
    public func cancel(
        order orderId: String, portfolio id: String, owner: String, actor: String, source: String = "api"
    )
        async throws -> Outcome
    {
        try await cancelAtBroker(orderId, of: try await portfolio(id, owner: owner))
        return try await command(id, owner: owner, actor: actor, source: source) { portfolio, inputs in
            try Portfolios.cancel(orderId, on: portfolio, book: inputs.book)
        }
    }

    /// Asks the portfolio's external broker, if it has one, to cancel the order's submitted legs first.
    /// - Throws: `PortfolioError.orderNotPending` when the broker can no longer cancel one.
    private func cancelAtBroker(_ orderId: String, of portfolio: Portfolio) async throws {
        guard let name = BrokerName(rawValue: portfolio.opened.broker), let broker = brokers[name],
            let order = portfolio.order(orderId), order.status == .pending
        else { return }
        let legs = (order.isBasket ? order.legs : [orderId]).compactMap { portfolio.order($0) }
        for leg in legs where leg.status == .pending {
            guard let brokerOrderId = leg.brokerOrderId else { continue }
            do {
                try await broker.cancel(brokerOrderId)
            } catch let error as BrokerError where error.kind == .invalid || error.kind == .notFound {
                throw PortfolioError.orderNotPending(
                    orderId: leg.id, status: "no longer cancelable at \(name.rawValue) (\(error.message))")
            }
        }
    }

    /// Closes a portfolio, cancelling its pending orders.
    /// - Throws: `PortfolioError`, store errors.
    public func close(portfolio id: String, owner: String, actor: String, source: String = "api") async throws
        -> Outcome
    {
        try await command(id, owner: owner, actor: actor, source: source) { portfolio, inputs in
            try Portfolios.close(portfolio, book: inputs.book)
        }
    }

    /// Reads what the commands decide on (the market data, the rebalances, the portfolios) ahead of
    /// the first command, which would otherwise wait for it.
    public func prepare() async throws {
        _ = try await caughtUp()
        _ = try await caughtUpDirectory()
    }

    /// The owner's open portfolios, oldest first.
    public func portfolios(ownedBy owner: String) async throws -> [PortfolioDirectory.Entry] {
        try await caughtUpDirectory().open(ownedBy: owner)
    }

    /// Brings every open portfolio up to date: for the paper broker, fills due orders at the closes
    /// in the log and places the orders of rebalances a `follow_index` portfolio has not followed
    /// yet; for an external broker, submits new orders and records what it reports of the others.
    /// Running it again appends nothing new.
    /// - Throws: store errors.
    public func settle() async throws -> Settlement {
        var summary = Settlement(portfolios: 0, events: 0, position: nil)
        let open = try await caughtUpDirectory().entries.filter { !$0.isClosed }
        for entry in open where entry.broker != .paper {
            guard let broker = brokers[entry.broker] else { continue }
            try await synchronize(entry.id, with: broker, into: &summary)
        }
        for entry in open where entry.broker == .paper {
            var attempt = 0
            while true {
                attempt += 1
                let portfolio = try await portfolio(entry.id, owner: nil)
                let inputs = try await caughtUp()
                let plan = try Portfolios.settle(
                    portfolio, book: inputs.book, rebalances: inputs.rebalances, makeId: makeId)
                guard !plan.isEmpty else { break }
                do {
                    let result = try await store.append(try plan.request(metadata: metadata("system", "paper-broker")))
                    summary.count(plan, at: result.lastPosition)
                    break
                } catch EventStoreError.wrongExpectedVersion where attempt < 3 {
                    continue
                }
            }
        }
        return summary
    }

    // MARK: - Internals

    private func command(
        _ id: String, owner: String, actor: String, source: String,
        decide: (Portfolio, (book: PriceBook, rebalances: IndexRebalances)) throws -> PlannedAppend
    ) async throws -> Outcome {
        var attempt = 0
        while true {
            attempt += 1
            let portfolio = try await portfolio(id, owner: owner)
            let plan = try decide(portfolio, try await caughtUp())
            do {
                let result = try await store.append(try plan.request(metadata: metadata(actor, source)))
                return Outcome(portfolio: try await self.portfolio(id, owner: owner), position: result.lastPosition)
            } catch EventStoreError.wrongExpectedVersion where attempt < 3 {
                continue
            }
        }
    }

    func metadata(_ actor: String, _ source: String) -> EventMetadata {
        EventMetadata(actor: actor, source: source)
    }

    /// The price book and the rebalances, caught up with the log.
    private func caughtUp() async throws -> (book: PriceBook, rebalances: IndexRebalances) {
        market = try await store.fold(market)
        rebalances = try await store.fold(rebalances)
        if book?.position != market.lastPosition { book = (market.lastPosition, PriceBook(market)) }
        return (book?.book ?? PriceBook(market), rebalances)
    }

    private func caughtUpDirectory() async throws -> PortfolioDirectory {
        directory = try await store.fold(directory)
        return directory
    }
}
