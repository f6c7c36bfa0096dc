import EventSourcing

/// An order was placed on a portfolio. Stream `portfolio-<portfolio_id>`.
///
/// A market order fills at the close of the first trading day of its symbol after `after_date`
/// (market-on-next-close). An `INDEX` order is a basket: it is followed in the same append by one
/// child order per constituent (`basket_id` naming it) and is never filled itself.
public struct OrderPlaced: DomainEvent {
    public static let eventType = "OrderPlaced"
    public static let schemaVersion = 1
    public static let streamCategory = "portfolio"

    public var portfolioId: String
    public var orderId: String
    /// The caller's own id for the order; a repeat of it returns this order.
    public var clientOrderId: String?
    /// A listed symbol, or `INDEX` for the basket.
    public var symbol: String
    /// `BUY` or `SELL`.
    public var side: String
    /// USD to trade (decimal text), when the order is by amount.
    public var notional: String?
    /// Units to trade (decimal text, up to 6 decimals), when the order is by quantity.
    public var quantity: String?
    /// The latest close of the symbol the log held when the order was placed (for a follow-the-index
    /// order, the rebalance's close); the order fills at the next one. Nil for a basket.
    public var afterDate: String?
    /// The `INDEX` order this one is a leg of.
    public var basketId: String?
    /// The rebalance (the correlation id of its `AllocationChanged`) that caused a follow-the-index
    /// order.
    public var causedBy: String?

    public init(
        portfolioId: String, orderId: String, clientOrderId: String? = nil, symbol: String, side: String,
        notional: String?, quantity: String?, afterDate: String?, basketId: String? = nil, causedBy: String? = nil
    ) {
        self.portfolioId = portfolioId
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.symbol = symbol
        self.side = side
        self.notional = notional
        self.quantity = quantity
        self.afterDate = afterDate
        self.basketId = basketId
        self.causedBy = causedBy
    }

    enum CodingKeys: String, CodingKey {
        case portfolioId = "portfolio_id"
        case orderId = "order_id"
        case clientOrderId = "client_order_id"
        case symbol, side, notional, quantity
        case afterDate = "after_date"
        case basketId = "basket_id"
        case causedBy = "caused_by"
    }

    public init(json reader: inout JSONReader) throws {
        var portfolioId: String?
        var orderId: String?
        var clientOrderId: String?
        var symbol: String?
        var side: String?
        var notional: String?
        var quantity: String?
        var afterDate: String?
        var basketId: String?
        var causedBy: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "portfolio_id": portfolioId = try reader.readString()
            case "order_id": orderId = try reader.readString()
            case "client_order_id": clientOrderId = try reader.readOptionalString()
            case "symbol": symbol = try reader.readString()
            case "side": side = try reader.readString()
            case "notional": notional = try reader.readOptionalString()
            case "quantity": quantity = try reader.readOptionalString()
            case "after_date": afterDate = try reader.readOptionalString()
            case "basket_id": basketId = try reader.readOptionalString()
            case "caused_by": causedBy = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            portfolioId: try required(portfolioId, "portfolio_id", of: Self.self),
            orderId: try required(orderId, "order_id", of: Self.self), clientOrderId: clientOrderId,
            symbol: try required(symbol, "symbol", of: Self.self), side: try required(side, "side", of: Self.self),
            notional: notional, quantity: quantity, afterDate: afterDate, basketId: basketId, causedBy: causedBy)
    }
}
