import EventSourcing
import Foundation

/// What an external broker's answers add to a portfolio's stream: one event per status change.
///
/// - A status that is not final (`new`, `accepted`, `partially_filled`, …) is `BrokerOrderUpdated`
///   when it or the units filled differ from the last one recorded.
/// - `filled` is `OrderFilled` at the broker's average price: `amount` = units × price exactly, no
///   commission, dated the UTC day of `filled_at`.
/// - `canceled`, `expired` or `done_for_day` is `OrderCanceled`, unless units filled before: those are
///   then recorded as `OrderFilled` (the cash and units really moved), the rest canceled with them.
/// - `rejected` is `OrderRejected`; so is a submission the broker refused for good (403, 422).
public enum BrokerReconciliation {
    /// The broker's final statuses that cancel what did not fill.
    static let canceled: Set<String> = ["canceled", "expired", "done_for_day", "stopped"]

    /// The events `report` adds for `order`; empty when nothing changed.
    public static func events(for order: PortfolioOrder, report: BrokerOrderReport, in portfolio: Portfolio)
        -> [any DomainEvent]
    {
        guard order.status == .pending else { return [] }
        let filled = Money.parse(report.filledQuantity) ?? 0
        let price = report.filledAveragePrice.flatMap(Money.parse)
        func fill() -> OrderFilled? {
            guard filled > 0, let price, let text = report.filledAveragePrice else { return nil }
            return OrderFilled(
                portfolioId: portfolio.id, orderId: order.id, symbol: order.placed.symbol, side: order.side.rawValue,
                fillDate: String((report.filledAt ?? portfolio.lastDate).prefix(10)), fillPrice: text,
                quantity: filled.moneyText, amount: (filled * price).moneyText, commission: "0",
                brokerOrderId: report.brokerOrderId)
        }
        switch report.status {
        case "filled":
            return fill().map { [$0] } ?? []
        case "rejected":
            return [
                OrderRejected(
                    portfolioId: portfolio.id, orderId: order.id, reason: "rejected by \(portfolio.opened.broker)",
                    date: nil)
            ]
        case let status where canceled.contains(status):
            if let partial = fill() { return [partial] }
            return [
                OrderCanceled(
                    portfolioId: portfolio.id, orderId: order.id, reason: "\(status) at \(portfolio.opened.broker)",
                    date: nil)
            ]
        default:
            let previous = order.brokerStatus
            guard
                previous?.status != report.status || previous?.filledQuantity != filled.moneyText
                    || order.brokerOrderId != report.brokerOrderId
            else { return [] }
            return [
                BrokerOrderUpdated(
                    portfolioId: portfolio.id, orderId: order.id, broker: portfolio.opened.broker,
                    brokerOrderId: report.brokerOrderId, status: report.status, filledQuantity: filled.moneyText,
                    filledAveragePrice: filled > 0 ? report.filledAveragePrice : nil)
            ]
        }
    }

    /// The rejection of a submission the broker refused for good; nil when a later try may pass.
    public static func rejection(of order: PortfolioOrder, error: BrokerError, in portfolio: Portfolio)
        -> OrderRejected?
    {
        guard error.kind == .refused || error.kind == .invalid else { return nil }
        return OrderRejected(
            portfolioId: portfolio.id, orderId: order.id, reason: "\(portfolio.opened.broker): \(error.message)",
            date: nil)
    }

    /// The ticket that submits `order`.
    public static func ticket(for order: PortfolioOrder) -> BrokerOrderTicket {
        BrokerOrderTicket(
            clientOrderId: order.id, symbol: order.placed.symbol, side: order.side, notional: order.placed.notional,
            quantity: order.placed.quantity)
    }
}
