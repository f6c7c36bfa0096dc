import EventSourcing

/// The owner closed a portfolio: it takes no more orders or cash; its history stays. Stream
/// `portfolio-<portfolio_id>`.
public struct PortfolioClosed: DomainEvent {
    public static let eventType = "PortfolioClosed"
    public static let schemaVersion = 1
    public static let streamCategory = "portfolio"

    public var portfolioId: String
    /// The close it was closed after.
    public var date: String
    public var reason: String?

    public init(portfolioId: String, date: String, reason: String?) {
        self.portfolioId = portfolioId
        self.date = date
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case portfolioId = "portfolio_id"
        case date, reason
    }

    public init(json reader: inout JSONReader) throws {
        var portfolioId: String?
        var date: String?
        var reason: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "portfolio_id": portfolioId = try reader.readString()
            case "date": date = try reader.readString()
            case "reason": reason = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            portfolioId: try required(portfolioId, "portfolio_id", of: Self.self),
            date: try required(date, "date", of: Self.self), reason: reason)
    }
}
