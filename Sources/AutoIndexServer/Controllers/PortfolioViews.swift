import AutoIndexDomain
import GRDB
import Projections

/// The portfolio answers, as the API and the CLI print them, from one set of read models (the live
/// ones or a point-in-time view).
public struct PortfolioViews: Sendable {
    let queries: PortfolioQueries

    public init(database: any DatabaseReader) {
        queries = PortfolioQueries(database: database)
    }

    /// The portfolios of `owner` (every one for nil), oldest first.
    public func list(ownedBy owner: String?) async throws -> PortfolioList {
        var bodies: [PortfolioAnswer] = []
        for record in try await queries.portfolios(ownedBy: owner) { bodies.append(try await portfolio(record)) }
        return PortfolioList(portfolios: bodies, total: bodies.count)
    }

    /// One portfolio with its positions at their latest closes.
    public func portfolio(_ record: PortfolioRecord) async throws -> PortfolioAnswer {
        PortfolioAnswer(
            record, positions: try await queries.positions(of: record.portfolioId, at: record.asOfDate),
            pendingOrders: try await queries.orderCount(of: record.portfolioId, status: "pending"))
    }

    /// The portfolio with this id.
    /// - Throws: `PortfolioError.portfolioNotFound`.
    public func portfolio(_ id: String) async throws -> PortfolioAnswer {
        guard let record = try await queries.portfolio(id) else { throw PortfolioError.portfolioNotFound(id) }
        return try await portfolio(record)
    }

    /// Its value at every close between two dates (inclusive), optionally a page of them.
    public func history(of id: String, from start: String?, to end: String?, limit: Int?, offset: Int) async throws
        -> PortfolioHistory
    {
        let values = try await queries.values(of: id, from: start, to: end, limit: limit, offset: offset)
        return PortfolioHistory(
            portfolioId: id,
            series: values.map {
                PortfolioPoint(
                    date: $0.date, value: $0.value, cash: $0.cash, netContributions: $0.netContributions, flow: $0.flow)
            }, startDate: values.first?.date, endDate: values.last?.date,
            total: try await queries.valueCount(of: id, from: start, to: end))
    }

    /// Its orders in placement order, optionally of one status, a page of them.
    public func orders(of id: String, status: String?, limit: Int, offset: Int) async throws -> OrderList {
        var orders: [OrderAnswer] = []
        for record in try await queries.orders(of: id, status: status, limit: limit, offset: offset) {
            orders.append(try await order(record))
        }
        return OrderList(
            orders: orders, total: try await queries.orderCount(of: id, status: status), limit: limit, offset: offset)
    }

    /// One order of the portfolio.
    /// - Throws: `PortfolioError.orderNotFound`.
    public func order(_ orderId: String, of id: String) async throws -> OrderAnswer {
        guard let record = try await queries.order(orderId, of: id) else { throw PortfolioError.orderNotFound(orderId) }
        return try await order(record)
    }

    private func order(_ record: OrderRecord) async throws -> OrderAnswer {
        OrderAnswer(
            record: record,
            legs: record.symbol == OrderSymbol.index
                ? try await queries.legs(of: record.orderId, in: record.portfolioId) : [])
    }

    /// The owner of a portfolio, or nil when there is no such portfolio.
    public func owner(of id: String) async throws -> String? {
        try await queries.portfolio(id)?.ownerId
    }
}
