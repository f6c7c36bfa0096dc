import Foundation

/// The orders that bring a `follow_index` portfolio to a rebalance's weights: for each symbol, the
/// portfolio's value at the rebalance's close × its weight, minus the market value held; SELLs first,
/// then BUYs, each by symbol.
///
/// Symbols the index no longer holds are sold in full (by quantity). A BUY's notional leaves room for
/// its commission (`target ÷ (1 + bps/10,000)`, rounded down to the cent), and trades under one cent
/// are not placed. The BUYs must fit the cash the SELLs leave: when the cash plus the SELLs'
/// proceeds at the decision's closes, less their commissions and a cent per SELL for rounding, is
/// less than the BUYs' cost with their commissions (and a cent each for rounding them), every BUY is scaled down by the same factor (rounded down to
/// the cent), so rounding and commissions never leave a BUY uncovered at the fill.
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
        return sells + fitted(buys, sells: sells, portfolio: portfolio, at: date, book: book)
    }

    /// `buys` scaled to the cash `sells` leave (see the type's notes).
    private static func fitted(
        _ buys: [OrderPlaced], sells: [OrderPlaced], portfolio: Portfolio, at date: String, book: PriceBook
    ) -> [OrderPlaced] {
        let rate = Decimal(portfolio.opened.commissionBps) / 10_000
        let cent = Decimal(string: "0.01") ?? 0
        let proceeds = sells.reduce(Decimal(0)) { total, sell in
            let amount =
                sell.notional.flatMap(Money.parse)
                ?? (Money.parse(sell.quantity ?? "0") ?? 0)
                * (book.close(of: sell.symbol, onOrBefore: date)?.price ?? 0)
            return total + amount * (1 - rate) - cent
        }
        let budget = portfolio.cash + proceeds
        let rounding = rate > 0 ? cent : 0
        let cost = buys.reduce(Decimal(0)) { $0 + (Money.parse($1.notional ?? "0") ?? 0) * (1 + rate) + rounding }
        guard cost > budget else { return buys }
        let factor = max(budget, 0) / cost
        return buys.compactMap { buy in
            var scaled = buy
            let notional = Money.roundedDown((Money.parse(buy.notional ?? "0") ?? 0) * factor, places: 2)
            guard notional > 0 else { return nil }
            scaled.notional = notional.moneyText
            return scaled
        }
    }
}
