import Foundation

/// The orders that bring a `follow_index` portfolio to a rebalance's weights: for each symbol, the
/// portfolio's value at the rebalance's close × its weight, minus the market value held; SELLs first,
/// then BUYs, each by symbol.
///
/// Symbols the index no longer holds are sold in full (by quantity). A BUY's notional leaves room for
/// its commission (`target ÷ (1 + bps/10,000)`, rounded down to the cent), and trades under one cent
/// are not placed.
public enum IndexFollowing {
    /// The orders for `rebalance`, decided at the close of `date`, to fill at the next close.
    public static func orders(
        for rebalance: IndexRebalances.Rebalance, portfolio: Portfolio, at date: String, book: PriceBook,
        makeId: () -> String
    ) -> [OrderPlaced] {
        let value = PortfolioValuation.value(of: portfolio, at: date, book: book)
        let weights = Dictionary(rebalance.weights.map { ($0.symbol, Money.decimal($0.weight)) }) { first, _ in first }
        let symbols = Set(weights.keys).union(portfolio.holdings.keys).sorted()
        let cost = 1 + Decimal(portfolio.opened.commissionBps) / 10_000
        var sells: [OrderPlaced] = []
        var buys: [OrderPlaced] = []
        for symbol in symbols {
            let held = portfolio.quantity(of: symbol)
            func order(_ side: OrderSide, notional: Decimal?, quantity: Decimal?) -> OrderPlaced {
                OrderPlaced(
                    portfolioId: portfolio.id, orderId: makeId(), symbol: symbol, side: side.rawValue,
                    notional: notional?.moneyText, quantity: quantity?.moneyText, afterDate: date,
                    causedBy: rebalance.id)
            }
            guard let weight = weights[symbol] else {
                if held > 0 { sells.append(order(.sell, notional: nil, quantity: held)) }
                continue
            }
            guard let close = book.close(of: symbol, onOrBefore: date) else { continue }
            let delta = value * weight - PortfolioValuation.marketValue(held, at: close.price)
            if delta < 0 {
                let notional = Money.roundedDown(-delta, places: 2)
                if notional > 0 { sells.append(order(.sell, notional: notional, quantity: nil)) }
            } else {
                let notional = Money.roundedDown(delta / cost, places: 2)
                if notional > 0 { buys.append(order(.buy, notional: notional, quantity: nil)) }
            }
        }
        return sells + buys
    }
}
