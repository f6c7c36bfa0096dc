import EventSourcing

/// An external broker reported a status of an order that is not final yet (`new`, `accepted`,
/// `partially_filled`, …), with its own order id. Stream `portfolio-<portfolio_id>`.
///
/// The final statuses are `OrderFilled`, `OrderCanceled` and `OrderRejected`; the cash and units
/// change only with `OrderFilled`.
public struct BrokerOrderUpdated: DomainEvent {
    public static let eventType = "BrokerOrderUpdated"
    public static let schemaVersion = 1
    public static let streamCategory = "portfolio"

    public var portfolioId: String
    public var orderId: String
    /// `alpaca`.
    public var broker: String
    /// The broker's id for the order.
    public var brokerOrderId: String
    /// The broker's status, as it names it.
    public var status: String
    /// Units filled so far (decimal text).
    public var filledQuantity: String
    /// The average price of the units filled so far (decimal text), when some are.
    public var filledAveragePrice: String?

    public init(
        portfolioId: String, orderId: String, broker: String, brokerOrderId: String, status: String,
        filledQuantity: String, filledAveragePrice: String?
    ) {
        self.portfolioId = portfolioId
        self.orderId = orderId
        self.broker = broker
        self.brokerOrderId = brokerOrderId
        self.status = status
        self.filledQuantity = filledQuantity
        self.filledAveragePrice = filledAveragePrice
    }

    enum CodingKeys: String, CodingKey {
        case portfolioId = "portfolio_id"
        case orderId = "order_id"
        case broker
        case brokerOrderId = "broker_order_id"
        case status
        case filledQuantity = "filled_quantity"
        case filledAveragePrice = "filled_average_price"
    }

    public init(json reader: inout JSONReader) throws {
        var portfolioId: String?
        var orderId: String?
        var broker: String?
        var brokerOrderId: String?
        var status: String?
        var filledQuantity: String?
        var filledAveragePrice: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "portfolio_id": portfolioId = try reader.readString()
            case "order_id": orderId = try reader.readString()
            case "broker": broker = try reader.readString()
            case "broker_order_id": brokerOrderId = try reader.readString()
            case "status": status = try reader.readString()
            case "filled_quantity": filledQuantity = try reader.readString()
            case "filled_average_price": filledAveragePrice = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            portfolioId: try required(portfolioId, "portfolio_id", of: Self.self),
            orderId: try required(orderId, "order_id", of: Self.self),
            broker: try required(broker, "broker", of: Self.self),
            brokerOrderId: try required(brokerOrderId, "broker_order_id", of: Self.self),
            status: try required(status, "status", of: Self.self),
            filledQuantity: try required(filledQuantity, "filled_quantity", of: Self.self),
            filledAveragePrice: filledAveragePrice)
    }
}
