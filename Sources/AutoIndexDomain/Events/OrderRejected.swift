import EventSourcing

/// An order could not be executed (not enough cash or units at its close, or the broker refused it). Stream `portfolio-<portfolio_id>`.
public struct OrderRejected: DomainEvent {
    public static let eventType = "OrderRejected"
    public static let schemaVersion = 1
    public static let streamCategory = "portfolio"

    public var portfolioId: String
    public var orderId: String
    /// Why, in a sentence.
    public var reason: String
    /// The close at which it was decided, when the paper broker decided it.
    public var date: String?

    public init(portfolioId: String, orderId: String, reason: String, date: String?) {
        self.portfolioId = portfolioId
        self.orderId = orderId
        self.reason = reason
        self.date = date
    }

    enum CodingKeys: String, CodingKey {
        case portfolioId = "portfolio_id"
        case orderId = "order_id"
        case reason, date
    }

    public init(json reader: inout JSONReader) throws {
        var portfolioId: String?
        var orderId: String?
        var reason: String?
        var date: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "portfolio_id": portfolioId = try reader.readString()
            case "order_id": orderId = try reader.readString()
            case "reason": reason = try reader.readString()
            case "date": date = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            portfolioId: try required(portfolioId, "portfolio_id", of: Self.self),
            orderId: try required(orderId, "order_id", of: Self.self),
            reason: try required(reason, "reason", of: Self.self), date: date)
    }
}
