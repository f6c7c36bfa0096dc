import EventSourcing
import Foundation

/// An order as its portfolio's stream tells it.
public struct PortfolioOrder: Sendable, Hashable {
    /// Where an order stands.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case pending, filled, rejected, canceled
    }

    public var placed: OrderPlaced
    public var status: Status
    public var fill: OrderFilled?
    /// Why it was rejected or canceled.
    public var reason: String?
    /// The legs of an `INDEX` basket, in placement order.
    public var legs: [String] = []
    /// An external broker's id for it, once it has accepted it.
    public var brokerOrderId: String?
    /// The external broker's latest status before a final one, and the units filled by then.
    public var brokerStatus: BrokerOrderUpdated?

    public var id: String { placed.orderId }
    public var side: OrderSide { OrderSide(rawValue: placed.side) ?? .buy }
    /// Whether this is an `INDEX` basket (never filled itself).
    public var isBasket: Bool { placed.symbol == OrderSymbol.index }
    public var notional: Decimal? { placed.notional.flatMap(Money.parse) }
    public var quantity: Decimal? { placed.quantity.flatMap(Money.parse) }
}

/// `BUY` or `SELL`.
public enum OrderSide: String, Sendable, Hashable, CaseIterable {
    case buy = "BUY"
    case sell = "SELL"
}

/// Symbols with a meaning of their own in orders.
public enum OrderSymbol {
    /// The index basket: one leg per constituent at the index's current weights.
    public static let index = "INDEX"
}

/// One position of a portfolio: units held and what they cost.
public struct Holding: Sendable, Hashable {
    /// Units held, at most 6 decimals.
    public var quantity: Decimal
    /// What the units held cost, commissions included (average cost: a sale removes its share).
    public var costBasis: Decimal

    public init(quantity: Decimal, costBasis: Decimal) {
        self.quantity = quantity
        self.costBasis = costBasis
    }
}

extension Holding {
    /// What a fill does: the position after it, the change in cash (a BUY pays the amount and the
    /// commission, a SELL receives the amount less the commission) and the profit or loss it realizes
    /// (a SELL removes its share of the cost basis, rounded half-even to the cent; selling every unit
    /// removes all of it). The one rule the portfolio fold and the read models share.
    public func filling(_ filled: OrderFilled) -> (holding: Holding, cashChange: Decimal, realizedPnl: Decimal) {
        let quantity = Money.parse(filled.quantity) ?? 0
        let amount = Money.parse(filled.amount) ?? 0
        let commission = Money.parse(filled.commission) ?? 0
        guard filled.side == OrderSide.sell.rawValue else {
            return (
                Holding(quantity: self.quantity + quantity, costBasis: costBasis + amount + commission),
                -(amount + commission), 0
            )
        }
        let removed = quantity >= self.quantity ? costBasis : Money.cents(costBasis * quantity / self.quantity)
        return (
            Holding(quantity: self.quantity - quantity, costBasis: costBasis - removed), amount - commission,
            amount - commission - removed
        )
    }
}
