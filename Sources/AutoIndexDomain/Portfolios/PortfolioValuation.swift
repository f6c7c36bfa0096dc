import Foundation

/// What a portfolio is worth at a close: its cash and each position at the latest close of its
/// symbol on or before that date, market values rounded half-even to the cent.
public enum PortfolioValuation {
    /// The market value of `quantity` units at `price`.
    public static func marketValue(_ quantity: Decimal, at price: Decimal) -> Decimal {
        Money.cents(quantity * price)
    }

    /// Cash plus every position's market value at `date` (a position with no close yet counts at its
    /// cost).
    public static func value(of portfolio: Portfolio, at date: String, book: PriceBook) -> Decimal {
        portfolio.holdings.reduce(portfolio.cash) { total, entry in
            let (symbol, holding) = entry
            guard let close = book.close(of: symbol, onOrBefore: date) else { return total + holding.costBasis }
            return total + marketValue(holding.quantity, at: close.price)
        }
    }
}
