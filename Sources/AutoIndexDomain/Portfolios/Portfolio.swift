import EventSourcing
import Foundation

/// A portfolio as its `portfolio-<id>` stream tells it: the state its deciders and the paper broker
/// decide against.
public struct Portfolio: Sendable, Hashable {
    public private(set) var opened: PortfolioOpened
    public private(set) var isClosed = false
    public private(set) var cash: Decimal = 0
    /// Deposits minus withdrawals.
    public private(set) var netContributions: Decimal = 0
    /// Profit or loss of the units sold, commissions included.
    public private(set) var realizedPnl: Decimal = 0
    /// Positions by symbol (only those with units).
    public private(set) var holdings: [String: Holding] = [:]
    /// Every order, in placement order.
    public private(set) var orders: [PortfolioOrder] = []
    /// The rebalances a `follow_index` portfolio has placed orders for.
    public private(set) var followedRebalances: Set<String> = []
    /// The latest date any of its events counts at: later events never count earlier.
    public private(set) var lastDate: String
    /// The stream's version (the number of its events).
    public private(set) var version: Int64 = 0
    private var orderIndex: [String: Int] = [:]
    /// The indexes in `orders` of the pending orders other than baskets, in placement order.
    private var pendingIndexes: [Int] = []
    private var clientOrders: [String: String] = [:]

    /// A portfolio that has just been opened (version 1).
    public init(_ opened: PortfolioOpened) {
        self.opened = opened
        lastDate = opened.openedDate
        version = 1
    }

    /// The portfolio the stream's events make; nil for an empty stream (no such portfolio).
    /// - Throws: the catalog's decoding errors.
    public init?(_ history: [RecordedEvent]) throws {
        guard let first = history.first else { return nil }
        guard let opened = try EventCatalog.decode(first) as? PortfolioOpened else {
            throw EventStoreError.corruptRecord("\(first.stream) does not start with PortfolioOpened")
        }
        self.init(opened)
        for recorded in history.dropFirst() { apply(try EventCatalog.decode(recorded)) }
    }

    public var id: String { opened.portfolioId }
    public var mode: PortfolioMode { PortfolioMode(rawValue: opened.mode) ?? .manual }

    /// The order with this id.
    public func order(_ id: String) -> PortfolioOrder? { orderIndex[id].map { orders[$0] } }

    /// The order placed with this client order id.
    public func order(clientOrderId: String) -> PortfolioOrder? { clientOrders[clientOrderId].flatMap { order($0) } }

    /// Units of `symbol` held.
    public func quantity(of symbol: String) -> Decimal { holdings[symbol]?.quantity ?? 0 }

    /// The orders still waiting for a close, in placement order (baskets excluded).
    public var pendingOrders: [PortfolioOrder] { pendingIndexes.map { orders[$0] } }

    /// Applies one event of its stream (recorded, or planned and about to be).
    public mutating func apply(_ event: any DomainEvent) {
        version += 1
        switch event {
        case let deposit as CashDeposited:
            let amount = Money.parse(deposit.amount) ?? 0
            cash += amount
            netContributions += amount
            advance(to: deposit.date)
        case let withdrawal as CashWithdrawn:
            let amount = Money.parse(withdrawal.amount) ?? 0
            cash -= amount
            netContributions -= amount
            advance(to: withdrawal.date)
        case let placed as OrderPlaced:
            orderIndex[placed.orderId] = orders.count
            if placed.symbol != OrderSymbol.index { pendingIndexes.append(orders.count) }
            orders.append(PortfolioOrder(placed: placed, status: .pending))
            if let client = placed.clientOrderId { clientOrders[client] = placed.orderId }
            if let basket = placed.basketId, let parent = orderIndex[basket] {
                orders[parent].legs.append(placed.orderId)
            }
            if let rebalance = placed.causedBy { followedRebalances.insert(rebalance) }
            if let after = placed.afterDate { advance(to: after) }
        case let update as BrokerOrderUpdated:
            guard let index = orderIndex[update.orderId] else { return }
            orders[index].brokerOrderId = update.brokerOrderId
            orders[index].brokerStatus = update
        case let filled as OrderFilled:
            applyFill(filled)
            advance(to: filled.fillDate)
        case let rejected as OrderRejected:
            settle(rejected.orderId, as: .rejected, reason: rejected.reason)
            if let date = rejected.date { advance(to: date) }
        case let canceled as OrderCanceled:
            settle(canceled.orderId, as: .canceled, reason: canceled.reason)
        case let closed as PortfolioClosed:
            isClosed = true
            advance(to: closed.date)
        default:
            return
        }
        refreshBasket(of: event)
    }

    private mutating func applyFill(_ filled: OrderFilled) {
        if let index = orderIndex[filled.orderId] {
            orders[index].status = .filled
            orders[index].fill = filled
            if let brokerOrderId = filled.brokerOrderId { orders[index].brokerOrderId = brokerOrderId }
            pendingIndexes.removeAll { $0 == index }
        }
        let effect = (holdings[filled.symbol] ?? Holding(quantity: 0, costBasis: 0)).filling(filled)
        cash += effect.cashChange
        realizedPnl += effect.realizedPnl
        holdings[filled.symbol] = effect.holding.quantity > 0 ? effect.holding : nil
    }

    private mutating func settle(_ orderId: String, as status: PortfolioOrder.Status, reason: String) {
        guard let index = orderIndex[orderId] else { return }
        orders[index].status = status
        orders[index].reason = reason
        pendingIndexes.removeAll { $0 == index }
    }

    /// A basket is pending while a leg is; then filled when a leg filled, else as its legs ended.
    private mutating func refreshBasket(of event: any DomainEvent) {
        let orderId: String
        switch event {
        case let filled as OrderFilled: orderId = filled.orderId
        case let rejected as OrderRejected: orderId = rejected.orderId
        case let canceled as OrderCanceled: orderId = canceled.orderId
        default: return
        }
        guard let leg = order(orderId), let basketId = leg.placed.basketId, let parent = orderIndex[basketId] else {
            return
        }
        let statuses = orders[parent].legs.compactMap { order($0)?.status }
        guard !statuses.contains(.pending) else { return }
        orders[parent].status =
            statuses.contains(.filled) ? .filled : statuses.contains(.rejected) ? .rejected : .canceled
    }

    private mutating func advance(to date: String) {
        if date > lastDate { lastDate = date }
    }
}

/// How a portfolio trades.
public enum PortfolioMode: String, Sendable, Hashable, CaseIterable {
    /// Its owner places orders.
    case manual
    /// A process manager places the orders that keep it at the index's weights.
    case followIndex = "follow_index"
}

/// Who executes a portfolio's orders.
public enum BrokerName: String, Sendable, Hashable, CaseIterable {
    /// Filled at the next close from the log.
    case paper
    /// Alpaca's Trading API.
    case alpaca
}
