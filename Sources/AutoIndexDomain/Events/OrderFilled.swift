import EventSourcing

/// An order was executed. Stream `portfolio-<portfolio_id>`.
///
/// Cash changes by `amount` (`quantity × fill_price`, exact) plus `commission` for a BUY, and by
/// `amount` minus `commission` for a SELL.
public struct OrderFilled: DomainEvent {
    public static let eventType = "OrderFilled"
    public static let schemaVersion = 1
    public static let streamCategory = "portfolio"

    public var portfolioId: String
    public var orderId: String
    public var symbol: String
    /// `BUY` or `SELL`.
    public var side: String
    /// The close it filled at.
    public var fillDate: String
    /// That close, as decimal text.
    public var fillPrice: String
    /// Units traded, decimal text with at most 6 decimals.
    public var quantity: String
    /// `quantity × fill_price`, exact.
    public var amount: String
    /// The commission in USD, rounded half-even to the cent.
    public var commission: String
    /// The broker's id of the order, for a real broker.
    public var brokerOrderId: String?

    public init(
        portfolioId: String, orderId: String, symbol: String, side: String, fillDate: String, fillPrice: String,
        quantity: String, amount: String, commission: String, brokerOrderId: String? = nil
    ) {
        self.portfolioId = portfolioId
        self.orderId = orderId
        self.symbol = symbol
        self.side = side
        self.fillDate = fillDate
        self.fillPrice = fillPrice
        self.quantity = quantity
        self.amount = amount
        self.commission = commission
        self.brokerOrderId = brokerOrderId
    }

    enum CodingKeys: String, CodingKey {
        case portfolioId = "portfolio_id"
        case orderId = "order_id"
        case symbol, side, quantity, amount, commission
        case fillDate = "fill_date"
        case fillPrice = "fill_price"
        case brokerOrderId = "broker_order_id"
    }

    public init(json reader: inout JSONReader) throws {
        var portfolioId: String?
        var orderId: String?
        var symbol: String?
        var side: String?
        var fillDate: String?
        var fillPrice: String?
        var quantity: String?
        var amount: String?
        var commission: String?
        var brokerOrderId: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "portfolio_id": portfolioId = try reader.readString()
            case "order_id": orderId = try reader.readString()
            case "symbol": symbol = try reader.readString()
            case "side": side = try reader.readString()
            case "fill_date": fillDate = try reader.readString()
            case "fill_price": fillPrice = try reader.readString()
            case "quantity": quantity = try reader.readString()
            case "amount": amount = try reader.readString()
            case "commission": commission = try reader.readString()
            case "broker_order_id": brokerOrderId = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            portfolioId: try required(portfolioId, "portfolio_id", of: Self.self),
            orderId: try required(orderId, "order_id", of: Self.self),
            symbol: try required(symbol, "symbol", of: Self.self), side: try required(side, "side", of: Self.self),
            fillDate: try required(fillDate, "fill_date", of: Self.self),
            fillPrice: try required(fillPrice, "fill_price", of: Self.self),
            quantity: try required(quantity, "quantity", of: Self.self),
            amount: try required(amount, "amount", of: Self.self),
            commission: try required(commission, "commission", of: Self.self), brokerOrderId: brokerOrderId)
    }
}
