import EventSourcing
import Foundation

/// The built-in broker's fill rule, market-on-next-close, with no look-ahead: an order fills at the
/// close of the first trading day of its symbol after `after_date` (the latest close the log held
/// when it was placed).
///
/// - A BUY by notional buys `notional ÷ price` rounded down to 6 decimals; a SELL by notional sells
///   that or the units held, whichever is less.
/// - Cash changes by exactly `quantity × price`, plus (BUY) or minus (SELL) the commission:
///   `commission_bps` of that amount, rounded half-even to the cent.
/// - A BUY the cash cannot cover, or a SELL of more units than held, is rejected, never partly filled.
public enum PaperBroker {
    /// The quantity an order trades at `price`, before the cash and units check.
    public static func quantity(of order: PortfolioOrder, at price: Decimal, held: Decimal) -> Decimal {
        if let quantity = order.quantity { return quantity }
        let bought = Money.roundedDown((order.notional ?? 0) / price, places: 6)
        return order.side == .sell ? min(bought, held) : bought
    }

    /// The commission on `amount` at `bps` basis points.
    public static func commission(on amount: Decimal, bps: Int) -> Decimal {
        Money.cents(amount * Decimal(bps) / 10_000)
    }

    /// The outcome of filling `order` at `close` against `portfolio` as it stands: `OrderFilled` or
    /// `OrderRejected` with the reason.
    public static func execute(_ order: PortfolioOrder, at close: PriceBook.Close, in portfolio: Portfolio)
        -> any DomainEvent
    {
        let symbol = order.placed.symbol
        let held = portfolio.quantity(of: symbol)
        let quantity = quantity(of: order, at: close.price, held: held)
        func reject(_ reason: String) -> OrderRejected {
            OrderRejected(portfolioId: portfolio.id, orderId: order.id, reason: reason, date: close.date)
        }
        guard quantity > 0 else {
            if order.side == .sell && held == 0 { return reject("no units of \(symbol) held to sell") }
            return reject(
                "a notional of \(order.placed.notional ?? "0") USD buys less than 0.000001 units at \(close.text)")
        }
        let amount = quantity * close.price
        let commission = commission(on: amount, bps: portfolio.opened.commissionBps)
        switch order.side {
        case .buy:
            guard amount + commission <= portfolio.cash else {
                return reject(
                    "not enough cash: \(quantity.moneyText) \(symbol) at \(close.text) costs \(amount.moneyText) USD"
                        + " plus \(commission.moneyText) USD commission; the cash is \(portfolio.cash.moneyText) USD")
            }
        case .sell:
            guard quantity <= held else {
                return reject("not enough units: sells \(quantity.moneyText) \(symbol), holds \(held.moneyText)")
            }
        }
        return OrderFilled(
            portfolioId: portfolio.id, orderId: order.id, symbol: symbol, side: order.side.rawValue,
            fillDate: close.date, fillPrice: close.text, quantity: quantity.moneyText, amount: amount.moneyText,
            commission: commission.moneyText)
    }
}
