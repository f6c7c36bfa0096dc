import EventSourcing
import Foundation

/// The paper broker and the index follower run over time: what a portfolio's stream gains as closes
/// and rebalances reach the log.
///
/// Date by date, in order: first the pending orders whose next close is that date are filled (SELLs,
/// then BUYs, each in placement order); then, for a `follow_index` portfolio, a rebalance decided at
/// that close places its orders (cancelling follow orders still pending). Everything is decided from
/// the closes on or before the date at hand, so running it once over years of history or once per new
/// close gives the same events. Orders already settled and rebalances already followed are skipped:
/// a restart or a second run appends nothing.
public enum PortfolioSettlement {
    /// The events that bring `portfolio` up to `book` and `rebalances`; empty when it is up to date.
    /// Only `paper` portfolios are settled here.
    public static func events(
        for portfolio: Portfolio, book: PriceBook, rebalances: IndexRebalances?, makeId: () -> String
    ) -> [any DomainEvent] {
        guard portfolio.opened.broker == BrokerName.paper.rawValue, !portfolio.isClosed else { return [] }
        var state = portfolio
        var events: [any DomainEvent] = []
        func record(_ event: any DomainEvent) {
            state.apply(event)
            events.append(event)
        }
        var followed = state.followedRebalances
        let following =
            state.mode == .followIndex
            ? (rebalances?.all ?? []).filter { $0.date >= state.opened.openedDate } : []
        var cursor = 0
        while true {
            let fills = state.pendingOrders.compactMap { order -> (PortfolioOrder, PriceBook.Close)? in
                guard let after = order.placed.afterDate,
                    let close = book.close(of: order.placed.symbol, after: after)
                else { return nil }
                return (order, close)
            }
            let fillDate = fills.map(\.1.date).min()
            while cursor < following.count, followed.contains(following[cursor].id) { cursor += 1 }
            let next = cursor < following.count ? following[cursor] : nil
            if let fillDate, next.map({ fillDate <= $0.date }) ?? true {
                let due = fills.filter { $0.1.date == fillDate }
                for (order, close) in due.filter({ $0.0.side == .sell }) + due.filter({ $0.0.side == .buy }) {
                    record(PaperBroker.execute(order, at: close, in: state))
                }
            } else if let rebalance = next {
                followed.insert(rebalance.id)
                // A rebalance older than what the stream already counts at has passed: acting on it
                // now would trade at closes decided after the fact.
                guard rebalance.date >= state.lastDate else { continue }
                for stale in state.pendingOrders where stale.placed.causedBy != nil {
                    record(
                        OrderCanceled(
                            portfolioId: state.id, orderId: stale.id,
                            reason: "superseded by the rebalance of \(rebalance.date)", date: rebalance.date))
                }
                for order in IndexFollowing.orders(
                    for: rebalance, portfolio: state, at: rebalance.date, book: book, makeId: makeId)
                {
                    record(order)
                }
            } else {
                return events
            }
        }
    }
}
