import AutoIndexDomain
import EventSourcing
import Foundation
import GRDB
import IndexEngine

/// The portfolios read model: each portfolio with its cash, positions, orders and value at every
/// close since it opened, with its time- and money-weighted returns.
///
/// Money stays decimal text from the events to the rows. Values need closes, so the projector keeps
/// its own copy of the tradable assets' closes (corrections applied); a close or a dated portfolio
/// event marks the portfolios it can change from its date on, and ``finishBatch(_:)`` revalues them
/// from there once per batch.
public struct PortfoliosProjector: Projector {
    public let name = "portfolios"
    public let version = 2
    public let tables = [
        "portfolios", "portfolio_positions", "portfolio_orders", "portfolio_values", "portfolio_changes",
        "portfolio_closes", "portfolio_assets", "portfolio_dirty",
    ]
    public let eventTypes: Set<String> = [
        PortfolioOpened.eventType, CashDeposited.eventType, CashWithdrawn.eventType, OrderPlaced.eventType,
        BrokerOrderUpdated.eventType,
        OrderFilled.eventType, OrderRejected.eventType, OrderCanceled.eventType, PortfolioClosed.eventType,
        AssetListed.eventType, PriceFetched.eventType, PriceCorrected.eventType,
    ]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE portfolios (
                    portfolio_id TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    broker TEXT NOT NULL,
                    commission_bps INTEGER NOT NULL,
                    index_id TEXT,
                    opened_date TEXT NOT NULL,
                    opened_at TEXT NOT NULL,
                    opened_position INTEGER NOT NULL,
                    closed_date TEXT,
                    cash TEXT NOT NULL,
                    net_contributions TEXT NOT NULL,
                    realized_pnl TEXT NOT NULL,
                    as_of_date TEXT,
                    total_value TEXT,
                    time_weighted_return REAL,
                    money_weighted_return REAL,
                    last_position INTEGER NOT NULL
                );
                CREATE INDEX portfolios_by_owner ON portfolios (owner_id, opened_position);
                CREATE TABLE portfolio_positions (
                    portfolio_id TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    quantity TEXT NOT NULL,
                    cost_basis TEXT NOT NULL,
                    PRIMARY KEY (portfolio_id, symbol)
                ) WITHOUT ROWID;
                CREATE TABLE portfolio_orders (
                    portfolio_id TEXT NOT NULL,
                    order_id TEXT NOT NULL,
                    placed_position INTEGER NOT NULL,
                    placed_at TEXT NOT NULL,
                    client_order_id TEXT,
                    symbol TEXT NOT NULL,
                    side TEXT NOT NULL,
                    notional TEXT,
                    quantity TEXT,
                    after_date TEXT,
                    basket_id TEXT,
                    caused_by TEXT,
                    status TEXT NOT NULL,
                    fill_date TEXT,
                    fill_price TEXT,
                    filled_quantity TEXT,
                    amount TEXT,
                    commission TEXT,
                    reason TEXT,
                    broker_order_id TEXT,
                    broker_status TEXT,
                    updated_position INTEGER NOT NULL,
                    PRIMARY KEY (portfolio_id, order_id)
                ) WITHOUT ROWID;
                CREATE INDEX portfolio_orders_by_placement ON portfolio_orders (portfolio_id, placed_position);
                CREATE INDEX portfolio_orders_by_rebalance ON portfolio_orders (caused_by) WHERE caused_by IS NOT NULL;
                CREATE TABLE portfolio_values (
                    portfolio_id TEXT NOT NULL,
                    date TEXT NOT NULL,
                    value TEXT NOT NULL,
                    cash TEXT NOT NULL,
                    net_contributions TEXT NOT NULL,
                    flow TEXT NOT NULL,
                    growth REAL NOT NULL,
                    PRIMARY KEY (portfolio_id, date)
                ) WITHOUT ROWID;
                CREATE TABLE portfolio_changes (
                    portfolio_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    date TEXT NOT NULL,
                    cash TEXT NOT NULL,
                    flow TEXT NOT NULL,
                    symbol TEXT,
                    quantity TEXT,
                    PRIMARY KEY (portfolio_id, position)
                ) WITHOUT ROWID;
                CREATE TABLE portfolio_assets (
                    symbol TEXT PRIMARY KEY,
                    tradable INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE portfolio_closes (
                    symbol TEXT NOT NULL,
                    date TEXT NOT NULL,
                    close TEXT NOT NULL,
                    PRIMARY KEY (symbol, date)
                ) WITHOUT ROWID;
                CREATE INDEX portfolio_closes_by_date ON portfolio_closes (date);
                CREATE TABLE portfolio_dirty (
                    portfolio_id TEXT PRIMARY KEY,
                    from_date TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        switch try EventCatalog.decode(event) {
        case let listed as AssetListed:
            try db.run(
                """
                INSERT INTO portfolio_assets (symbol, tradable) VALUES (?, ?)
                ON CONFLICT (symbol) DO UPDATE SET tradable = excluded.tradable
                """, [listed.symbol, listed.assetClass != "index"])
        case let price as PriceFetched:
            try close(price.symbol, price.date, price.close, db)
        case let correction as PriceCorrected:
            try close(correction.symbol, correction.date, correction.newClose, db)
        case let opened as PortfolioOpened:
            try db.run(
                """
                INSERT INTO portfolios (portfolio_id, owner_id, name, mode, broker, commission_bps, index_id,
                opened_date, opened_at, opened_position, cash, net_contributions, realized_pnl, last_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '0', '0', '0', ?)
                """,
                [
                    opened.portfolioId, opened.ownerId, opened.name, opened.mode, opened.broker, opened.commissionBps,
                    opened.indexId, opened.openedDate, event.recordedAt, event.position, event.position,
                ])
            try markDirty(opened.portfolioId, from: opened.openedDate, db)
        case let deposit as CashDeposited:
            try moveCash(deposit.portfolioId, Money.parse(deposit.amount) ?? 0, deposit.date, event, db)
        case let withdrawal as CashWithdrawn:
            try moveCash(withdrawal.portfolioId, -(Money.parse(withdrawal.amount) ?? 0), withdrawal.date, event, db)
        case let placed as OrderPlaced:
            try db.run(
                """
                INSERT INTO portfolio_orders (portfolio_id, order_id, placed_position, placed_at, client_order_id,
                symbol, side, notional, quantity, after_date, basket_id, caused_by, status, updated_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
                """,
                [
                    placed.portfolioId, placed.orderId, event.position, event.recordedAt, placed.clientOrderId,
                    placed.symbol, placed.side, placed.notional, placed.quantity, placed.afterDate, placed.basketId,
                    placed.causedBy, event.position,
                ])
            try touch(placed.portfolioId, event, db)
        case let update as BrokerOrderUpdated:
            try db.run(
                """
                UPDATE portfolio_orders SET broker_order_id = ?, broker_status = ?, updated_position = ?
                WHERE portfolio_id = ? AND order_id = ?
                """, [update.brokerOrderId, update.status, event.position, update.portfolioId, update.orderId])
            try touch(update.portfolioId, event, db)
        case let filled as OrderFilled:
            try fill(filled, event, db)
        case let rejected as OrderRejected:
            try end(rejected.portfolioId, rejected.orderId, as: .rejected, reason: rejected.reason, event, db)
        case let canceled as OrderCanceled:
            try end(canceled.portfolioId, canceled.orderId, as: .canceled, reason: canceled.reason, event, db)
        case let closed as PortfolioClosed:
            try db.run(
                "UPDATE portfolios SET closed_date = ?, last_position = ? WHERE portfolio_id = ?",
                [closed.date, event.position, closed.portfolioId])
            try markDirty(closed.portfolioId, from: closed.date, db)
        default:
            return
        }
    }

    /// Revalues every portfolio marked since the last batch from the earliest date marked.
    public func finishBatch(_ db: Database) throws {
        let dirty = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT portfolio_id, from_date FROM portfolio_dirty ORDER BY portfolio_id"))
        for row in dirty { try PortfolioRevaluation(portfolioId: row[0], from: row[1]).run(db) }
        try db.run("DELETE FROM portfolio_dirty")
    }

    // MARK: - Internals

    private func close(_ symbol: String, _ date: String, _ close: String, _ db: Database) throws {
        let tradable = try db.cachedStatement(sql: "SELECT tradable FROM portfolio_assets WHERE symbol = ?")
        guard try Bool.fetchOne(tradable, arguments: [symbol]) == true else { return }
        try db.cachedStatement(
            sql: """
                INSERT INTO portfolio_closes (symbol, date, close) VALUES (?, ?, ?)
                ON CONFLICT (symbol, date) DO UPDATE SET close = excluded.close
                """
        ).execute(arguments: [symbol, date, close])
        // A new or corrected close can change the value of every portfolio open at that date.
        try db.cachedStatement(
            sql: """
                INSERT INTO portfolio_dirty (portfolio_id, from_date)
                SELECT portfolio_id, ?1 FROM portfolios WHERE closed_date IS NULL OR closed_date >= ?1
                ON CONFLICT (portfolio_id) DO UPDATE SET from_date = min(from_date, excluded.from_date)
                """
        ).execute(arguments: [date])
    }

    private func markDirty(_ portfolioId: String, from date: String, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO portfolio_dirty (portfolio_id, from_date) VALUES (?, ?)
                ON CONFLICT (portfolio_id) DO UPDATE SET from_date = min(from_date, excluded.from_date)
                """
        ).execute(arguments: [portfolioId, date])
    }

    private func touch(_ portfolioId: String, _ event: RecordedEvent, _ db: Database) throws {
        try db.run(
            "UPDATE portfolios SET last_position = ? WHERE portfolio_id = ?",
            [event.position, portfolioId])
    }

    private func decimal(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> Decimal {
        try String.fetchOne(db.cachedStatement(sql: sql), arguments: arguments).flatMap(Money.parse) ?? 0
    }

    private func moveCash(
        _ portfolioId: String, _ amount: Decimal, _ date: String, _ event: RecordedEvent, _ db: Database
    )
        throws
    {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT cash, net_contributions FROM portfolios WHERE portfolio_id = ?"),
            arguments: [portfolioId])
        let cash = (row.flatMap { Money.parse($0[0]) } ?? 0) + amount
        let contributions = (row.flatMap { Money.parse($0[1]) } ?? 0) + amount
        try db.run(
            "UPDATE portfolios SET cash = ?, net_contributions = ?, last_position = ? WHERE portfolio_id = ?",
            [cash.moneyText, contributions.moneyText, event.position, portfolioId])
        try db.run(
            "INSERT INTO portfolio_changes (portfolio_id, position, date, cash, flow) VALUES (?, ?, ?, ?, ?)",
            [portfolioId, event.position, date, amount.moneyText, amount.moneyText])
        try markDirty(portfolioId, from: date, db)
    }

    private func fill(_ filled: OrderFilled, _ event: RecordedEvent, _ db: Database) throws {
        let id = filled.portfolioId
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT quantity, cost_basis FROM portfolio_positions WHERE portfolio_id = ? AND symbol = ?"),
            arguments: [id, filled.symbol])
        let held = Holding(
            quantity: row.flatMap { Money.parse($0[0]) } ?? 0, costBasis: row.flatMap { Money.parse($0[1]) } ?? 0)
        let effect = held.filling(filled)
        if effect.holding.quantity > 0 {
            try db.run(
                """
                INSERT INTO portfolio_positions (portfolio_id, symbol, quantity, cost_basis) VALUES (?, ?, ?, ?)
                ON CONFLICT (portfolio_id, symbol) DO UPDATE SET quantity = excluded.quantity,
                cost_basis = excluded.cost_basis
                """,
                [id, filled.symbol, effect.holding.quantity.moneyText, effect.holding.costBasis.moneyText])
        } else {
            try db.run(
                "DELETE FROM portfolio_positions WHERE portfolio_id = ? AND symbol = ?",
                [id, filled.symbol])
        }
        let cash = try decimal(db, "SELECT cash FROM portfolios WHERE portfolio_id = ?", [id]) + effect.cashChange
        let realized =
            try decimal(db, "SELECT realized_pnl FROM portfolios WHERE portfolio_id = ?", [id]) + effect.realizedPnl
        try db.run(
            "UPDATE portfolios SET cash = ?, realized_pnl = ?, last_position = ? WHERE portfolio_id = ?",
            [cash.moneyText, realized.moneyText, event.position, id])
        let units = Money.parse(filled.quantity) ?? 0
        try db.run(
            """
            INSERT INTO portfolio_changes (portfolio_id, position, date, cash, flow, symbol, quantity)
            VALUES (?, ?, ?, ?, '0', ?, ?)
            """,
            [
                id, event.position, filled.fillDate, effect.cashChange.moneyText, filled.symbol,
                (filled.side == OrderSide.sell.rawValue ? -units : units).moneyText,
            ])
        try db.run(
            """
            UPDATE portfolio_orders SET status = 'filled', fill_date = ?, fill_price = ?, filled_quantity = ?,
            amount = ?, commission = ?, broker_order_id = coalesce(?, broker_order_id), updated_position = ?
            WHERE portfolio_id = ? AND order_id = ?
            """,
            [
                filled.fillDate, filled.fillPrice, filled.quantity, filled.amount, filled.commission,
                filled.brokerOrderId, event.position, id, filled.orderId,
            ])
        try refreshBasket(of: filled.orderId, in: id, event, db)
        try markDirty(id, from: filled.fillDate, db)
    }

    private func end(
        _ portfolioId: String, _ orderId: String, as status: PortfolioOrder.Status, reason: String,
        _ event: RecordedEvent, _ db: Database
    ) throws {
        try db.run(
            """
            UPDATE portfolio_orders SET status = ?, reason = ?, updated_position = ?
            WHERE portfolio_id = ? AND order_id = ?
            """, [status.rawValue, reason, event.position, portfolioId, orderId])
        try refreshBasket(of: orderId, in: portfolioId, event, db)
        try touch(portfolioId, event, db)
    }

    /// A basket is pending while a leg is; then filled when a leg filled, else as its legs ended (the
    /// rule of ``Portfolio``).
    private func refreshBasket(of orderId: String, in portfolioId: String, _ event: RecordedEvent, _ db: Database)
        throws
    {
        guard
            let basket = try String.fetchOne(
                db.cachedStatement(
                    sql: "SELECT basket_id FROM portfolio_orders WHERE portfolio_id = ? AND order_id = ?"),
                arguments: [portfolioId, orderId])
        else { return }
        let statuses = Set(
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT status FROM portfolio_orders WHERE portfolio_id = ? AND basket_id = ?"),
                arguments: [portfolioId, basket]))
        guard !statuses.contains("pending") else { return }
        let status = statuses.contains("filled") ? "filled" : statuses.contains("rejected") ? "rejected" : "canceled"
        try db.run(
            "UPDATE portfolio_orders SET status = ?, updated_position = ? WHERE portfolio_id = ? AND order_id = ?",
            [status, event.position, portfolioId, basket])
    }
}

extension Database {
    /// Runs one statement through the statement cache: the projector runs the same few per event.
    fileprivate func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
