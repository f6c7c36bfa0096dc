/// Why a portfolio command was refused. Nothing is appended for any of them.
public enum PortfolioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Values that fail validation, each naming its field.
    case invalid([String])
    /// No such portfolio, or not the caller's (the two are never told apart).
    case portfolioNotFound(String)
    /// No such order on the portfolio.
    case orderNotFound(String)
    /// The order has left `pending` (filled, rejected or canceled).
    case orderNotPending(orderId: String, status: String)
    /// The portfolio is closed.
    case closed(String)
    /// A `follow_index` portfolio takes no orders of its owner.
    case followsIndex(String)
    /// The original's broker endpoint found no manual portfolio of the caller.
    case noManualPortfolio
    /// A withdrawal beyond the cash.
    case insufficientCash(requested: String, available: String)
    /// The log has no closes (or no rebalance) to act on yet.
    case noMarketData(String)

    public var description: String {
        switch self {
        case .invalid(let problems): return problems.joined(separator: "; ")
        case .portfolioNotFound(let id): return "Portfolio \(id) not found"
        case .orderNotFound(let id): return "Order \(id) not found"
        case .orderNotPending(let id, let status): return "order \(id) is \(status), no longer pending"
        case .closed(let id): return "portfolio \(id) is closed"
        case .followsIndex(let id):
            return "portfolio \(id) follows the index: its orders are placed at each rebalance, not by hand"
        case .noManualPortfolio:
            return
                "no manual portfolio to place the order on: open one with POST /api/v1/portfolios {\"name\": …, \"initial_cash\": …, \"mode\": \"manual\"}"
        case .insufficientCash(let requested, let available):
            return "amount: withdrawing \(requested) USD exceeds the cash of \(available) USD"
        case .noMarketData(let detail): return detail
        }
    }
}
