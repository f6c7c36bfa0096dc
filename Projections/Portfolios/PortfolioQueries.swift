import AutoIndexDomain
import Foundation
import GRDB

/// One portfolio as the read model holds it.
public struct PortfolioRecord: Sendable, Hashable {
    public var portfolioId: String
    public var ownerId: String
    public var name: String
    public var mode: String
    public var broker: String
    public var commissionBps: Int
    public var indexId: String?
    public var openedDate: String
    public var openedAt: String
    public var closedDate: String?
    public var cash: Decimal
    public var netContributions: Decimal
    public var realizedPnl: Decimal
    /// The latest close it is valued at.
    public var asOfDate: String?
    public var totalValue: Decimal?
    public var timeWeightedReturn: Double?
    public var moneyWeightedReturn: Double?
    /// The position of its latest event.
    public var lastPosition: Int64

    init(_ row: Row) {
        portfolioId = row["portfolio_id"]
        ownerId = row["owner_id"]
        name = row["name"]
        mode = row["mode"]
        broker = row["broker"]
        commissionBps = row["commission_bps"]
        indexId = row["index_id"]
        openedDate = row["opened_date"]
        openedAt = row["opened_at"]
        closedDate = row["closed_date"]
        cash = Money.parse(row["cash"]) ?? 0
        netContributions = Money.parse(row["net_contributions"]) ?? 0
        realizedPnl = Money.parse(row["realized_pnl"]) ?? 0
        asOfDate = row["as_of_date"]
        totalValue = (row["total_value"] as String?).flatMap(Money.parse)
        timeWeightedReturn = row["time_weighted_return"]
        moneyWeightedReturn = row["money_weighted_return"]
        lastPosition = row["last_position"]
    }
}

/// One position with its latest close on or before the portfolio's as-of date.
public struct PositionRecord: Sendable, Hashable {
    public var symbol: String
    public var quantity: Decimal
    public var costBasis: Decimal
    public var lastPrice: Decimal?
    public var lastPriceDate: String?

    /// Units × the last price, rounded half-even to the cent (the cost basis without a price).
    public var marketValue: Decimal {
        lastPrice.map { PortfolioValuation.marketValue(quantity, at: $0) } ?? costBasis
    }
}

/// A portfolio's value at one close.
public struct PortfolioValueRecord: Sendable, Hashable {
    public var date: String
    public var value: Decimal
    public var cash: Decimal
    public var netContributions: Decimal
    /// Deposits less withdrawals counted at this close.
    public var flow: Decimal
}

/// One order as the read model holds it.
public struct OrderRecord: Sendable, Hashable {
    public var portfolioId: String
    public var orderId: String
    public var placedPosition: Int64
    public var placedAt: String
    public var clientOrderId: String?
    public var symbol: String
    public var side: String
    public var notional: Decimal?
    public var quantity: Decimal?
    public var afterDate: String?
    public var basketId: String?
    public var causedBy: String?
    public var status: String
    public var fillDate: String?
    public var fillPrice: Decimal?
    public var filledQuantity: Decimal?
    public var amount: Decimal?
    public var commission: Decimal?
    /// Why it was rejected or canceled.
    public var reason: String?
    public var brokerOrderId: String?
    /// An external broker's latest status before a final one.
    public var brokerStatus: String?
    public var updatedPosition: Int64

    init(_ row: Row) {
        func money(_ column: String) -> Decimal? { (row[column] as String?).flatMap(Money.parse) }
        portfolioId = row["portfolio_id"]
        orderId = row["order_id"]
        placedPosition = row["placed_position"]
        placedAt = row["placed_at"]
        clientOrderId = row["client_order_id"]
        symbol = row["symbol"]
        side = row["side"]
        notional = money("notional")
        quantity = money("quantity")
        afterDate = row["after_date"]
        basketId = row["basket_id"]
        causedBy = row["caused_by"]
        status = row["status"]
        fillDate = row["fill_date"]
        fillPrice = money("fill_price")
        filledQuantity = money("filled_quantity")
        amount = money("amount")
        commission = money("commission")
        reason = row["reason"]
        brokerOrderId = row["broker_order_id"]
        brokerStatus = row["broker_status"]
        updatedPosition = row["updated_position"]
    }
}

/// What one rebalance caused in the portfolios that follow the index.
public struct RebalanceOrders: Sendable, Hashable, Encodable {
    public var portfolios: Int
    public var orders: Int
    public var filled: Int
    public var rejected: Int
    public var canceled: Int
    public var pending: Int
    /// Cash spent on the BUYs filled, commissions excluded.
    public var bought: Decimal
    /// Cash received for the SELLs filled, commissions excluded.
    public var sold: Decimal
    public var commissions: Decimal

    enum CodingKeys: String, CodingKey {
        case portfolios, orders, filled, rejected, canceled, pending, commissions
        case bought = "bought_amount"
        case sold = "sold_amount"
    }
}

/// Queries of the portfolios read model.
public struct PortfolioQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// The portfolios of `owner` (every one for nil), oldest first.
    public func portfolios(ownedBy owner: String?) async throws -> [PortfolioRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM portfolios WHERE ?1 IS NULL OR owner_id = ?1 ORDER BY opened_position",
                arguments: [owner]
            ).map(PortfolioRecord.init)
        }
    }

    /// The portfolio with this id.
    public func portfolio(_ id: String) async throws -> PortfolioRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM portfolios WHERE portfolio_id = ?", arguments: [id])
                .map(PortfolioRecord.init)
        }
    }

    /// Its positions by symbol, each with the latest close on or before `date`.
    public func positions(of id: String, at date: String?) async throws -> [PositionRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.symbol, p.quantity, p.cost_basis, c.date, c.close FROM portfolio_positions p
                    LEFT JOIN portfolio_closes c ON c.symbol = p.symbol AND c.date = (
                        SELECT max(date) FROM portfolio_closes WHERE symbol = p.symbol AND date <= ?2)
                    WHERE p.portfolio_id = ?1 ORDER BY p.symbol
                    """, arguments: [id, date ?? "9999-12-31"]
            ).map { row in
                PositionRecord(
                    symbol: row[0], quantity: Money.parse(row[1]) ?? 0, costBasis: Money.parse(row[2]) ?? 0,
                    lastPrice: (row[4] as String?).flatMap(Money.parse), lastPriceDate: row[3])
            }
        }
    }

    /// Its values between two dates (inclusive), oldest first, optionally a page of them.
    public func values(of id: String, from start: String?, to end: String?, limit: Int?, offset: Int) async throws
        -> [PortfolioValueRecord]
    {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT date, value, cash, net_contributions, flow FROM portfolio_values
                    WHERE portfolio_id = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)
                    ORDER BY date LIMIT ?4 OFFSET ?5
                    """, arguments: [id, start, end, limit ?? -1, offset]
            ).map { row in
                PortfolioValueRecord(
                    date: row[0], value: Money.parse(row[1]) ?? 0, cash: Money.parse(row[2]) ?? 0,
                    netContributions: Money.parse(row[3]) ?? 0, flow: Money.parse(row[4]) ?? 0)
            }
        }
    }

    /// How many values lie between two dates (inclusive).
    public func valueCount(of id: String, from start: String?, to end: String?) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM portfolio_values
                    WHERE portfolio_id = ?1 AND (?2 IS NULL OR date >= ?2) AND (?3 IS NULL OR date <= ?3)
                    """, arguments: [id, start, end]) ?? 0
        }
    }

    /// Its orders in placement order, optionally of one status, optionally a page of them.
    public func orders(of id: String, status: String?, limit: Int?, offset: Int) async throws -> [OrderRecord] {
        try await database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM portfolio_orders WHERE portfolio_id = ?1 AND (?2 IS NULL OR status = ?2)
                    ORDER BY placed_position LIMIT ?3 OFFSET ?4
                    """, arguments: [id, status, limit ?? -1, offset]
            ).map(OrderRecord.init)
        }
    }

    /// How many orders it has, optionally of one status.
    public func orderCount(of id: String, status: String?) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM portfolio_orders WHERE portfolio_id = ?1 AND (?2 IS NULL OR status = ?2)",
                arguments: [id, status]) ?? 0
        }
    }

    /// One order of the portfolio.
    public func order(_ orderId: String, of id: String) async throws -> OrderRecord? {
        try await database.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM portfolio_orders WHERE portfolio_id = ? AND order_id = ?",
                arguments: [id, orderId]
            ).map(OrderRecord.init)
        }
    }

    /// The ids of an `INDEX` order's legs, in placement order.
    public func legs(of orderId: String, in id: String) async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT order_id FROM portfolio_orders WHERE portfolio_id = ? AND basket_id = ? ORDER BY placed_position",
                arguments: [id, orderId])
        }
    }

    /// The orders a rebalance caused, counted and totalled.
    public func orders(causedBy rebalanceId: String) async throws -> RebalanceOrders {
        try await database.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT portfolio_id, status, side, amount, commission FROM portfolio_orders WHERE caused_by = ?",
                arguments: [rebalanceId])
            var summary = RebalanceOrders(
                portfolios: Set(rows.map { $0[0] as String }).count, orders: rows.count, filled: 0, rejected: 0,
                canceled: 0, pending: 0, bought: 0, sold: 0, commissions: 0)
            for row in rows {
                switch row[1] as String {
                case "filled":
                    summary.filled += 1
                    let amount = (row[3] as String?).flatMap(Money.parse) ?? 0
                    if row[2] as String == OrderSide.buy.rawValue {
                        summary.bought += amount
                    } else {
                        summary.sold += amount
                    }
                    summary.commissions += (row[4] as String?).flatMap(Money.parse) ?? 0
                case "rejected": summary.rejected += 1
                case "canceled": summary.canceled += 1
                default: summary.pending += 1
                }
            }
            return summary
        }
    }
}
