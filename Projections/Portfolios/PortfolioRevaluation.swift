import AutoIndexDomain
import Foundation
import GRDB
import IndexEngine

/// Revalues one portfolio at every close from a date on: its cash, each position at the latest close
/// of its symbol on or before that close (``PortfolioValuation``), the day's deposits and
/// withdrawals, and the growth behind its time-weighted return; then its summary (value, returns,
/// as-of date).
///
/// The rows before `from` are kept and the growth continues from the last of them, so revaluing from
/// any date gives the same rows as revaluing everything.
struct PortfolioRevaluation {
    let portfolioId: String
    let from: String

    func run(_ db: Database) throws {
        guard
            let portfolio = try Row.fetchOne(
                db, sql: "SELECT opened_date, closed_date FROM portfolios WHERE portfolio_id = ?",
                arguments: [portfolioId])
        else { return }
        let openedDate: String = portfolio[0]
        let closedDate: String? = portfolio[1]
        let start = max(from, openedDate)
        try db.execute(
            sql: "DELETE FROM portfolio_values WHERE portfolio_id = ? AND (date >= ? OR date > ?)",
            arguments: [portfolioId, start, closedDate ?? "9999-12-31"])

        let changes = try Row.fetchAll(
            db,
            sql:
                "SELECT date, cash, flow, symbol, quantity FROM portfolio_changes WHERE portfolio_id = ? ORDER BY date, position",
            arguments: [portfolioId])
        var cash: Decimal = 0
        var contributions: Decimal = 0
        var units: [String: Decimal] = [:]
        var next = 0
        /// Applies the changes dated on or before `date`; returns their flows.
        func apply(through date: String) -> Decimal {
            var flow: Decimal = 0
            while next < changes.count, let day = changes[next][0] as String?, day <= date {
                let change = changes[next]
                cash += Money.parse(change[1]) ?? 0
                let moved = Money.parse(change[2]) ?? 0
                flow += moved
                contributions += moved
                if let symbol = change[3] as String? { units[symbol, default: 0] += Money.parse(change[4]) ?? 0 }
                next += 1
            }
            return flow
        }

        let previous = try Row.fetchOne(
            db,
            sql:
                "SELECT date, value, growth FROM portfolio_values WHERE portfolio_id = ? AND date < ? ORDER BY date DESC LIMIT 1",
            arguments: [portfolioId, start])
        var previousValue: Double? = previous.flatMap { Double($0[1] as String) }
        var growth: Double = previous?[2] ?? 1
        if let day: String = previous?[0] { _ = apply(through: day) }

        let symbols = Set(changes.compactMap { $0[3] as String? }).sorted()
        let closes = try symbols.reduce(into: [String: Closes]()) { all, symbol in
            all[symbol] = try Closes(symbol: symbol, from: start, db)
        }
        let dates = try String.fetchAll(
            db,
            sql: "SELECT DISTINCT date FROM portfolio_closes WHERE date >= ? AND date <= ? ORDER BY date",
            arguments: [start, closedDate ?? "9999-12-31"])
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO portfolio_values (portfolio_id, date, value, cash, net_contributions, flow, growth)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for date in dates {
            let flow = apply(through: date)
            var value = cash
            for (symbol, quantity) in units where quantity != 0 {
                if let price = closes[symbol]?.close(onOrBefore: date) {
                    value += PortfolioValuation.marketValue(quantity, at: price)
                }
            }
            let valueDouble = Double(value.moneyText) ?? 0
            if let previousValue, previousValue > 0 {
                growth *= (valueDouble - (Double(flow.moneyText) ?? 0)) / previousValue
            }
            previousValue = valueDouble
            try insert.execute(arguments: [
                portfolioId, date, value.moneyText, cash.moneyText, contributions.moneyText, flow.moneyText, growth,
            ])
        }
        try summarize(db)
    }

    /// The summary row: the latest value, its date and both returns.
    private func summarize(_ db: Database) throws {
        let points = try Row.fetchAll(
            db,
            sql: """
                SELECT date, value, flow, growth FROM portfolio_values WHERE portfolio_id = ?1
                AND (flow != '0' OR date = (SELECT max(date) FROM portfolio_values WHERE portfolio_id = ?1))
                ORDER BY date
                """, arguments: [portfolioId])
        guard let last = points.last else {
            try db.execute(
                sql: """
                    UPDATE portfolios SET as_of_date = NULL, total_value = NULL, time_weighted_return = NULL,
                    money_weighted_return = NULL WHERE portfolio_id = ?
                    """, arguments: [portfolioId])
            return
        }
        let flows = points.compactMap { row -> PortfolioReturns.Point? in
            guard let date = TradingDate(row[0] as String) else { return nil }
            return PortfolioReturns.Point(
                date: date, value: Double(row[1] as String) ?? 0, flow: Double(row[2] as String) ?? 0)
        }
        let growth: Double = last[3]
        try db.execute(
            sql: """
                UPDATE portfolios SET as_of_date = ?, total_value = ?, time_weighted_return = ?,
                money_weighted_return = ? WHERE portfolio_id = ?
                """,
            arguments: [
                last[0] as String, last[1] as String, growth - 1, PortfolioReturns.moneyWeighted(flows), portfolioId,
            ])
    }
}

/// One symbol's closes from a date on, with the last one before it.
private struct Closes {
    private var dates: [String] = []
    private var prices: [Decimal] = []

    init(symbol: String, from start: String, _ db: Database) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT date, close FROM (SELECT date, close FROM portfolio_closes WHERE symbol = ?1 AND date < ?2
                ORDER BY date DESC LIMIT 1)
                UNION ALL SELECT date, close FROM portfolio_closes WHERE symbol = ?1 AND date >= ?2
                ORDER BY date
                """, arguments: [symbol, start])
        for row in rows {
            guard let price = Money.parse(row[1]) else { continue }
            dates.append(row[0])
            prices.append(price)
        }
    }

    /// The latest close on or before `date`.
    func close(onOrBefore date: String) -> Decimal? {
        var low = 0
        var high = dates.count
        while low < high {
            let middle = (low + high) / 2
            if dates[middle] > date { high = middle } else { low = middle + 1 }
        }
        return low == 0 ? nil : prices[low - 1]
    }
}
