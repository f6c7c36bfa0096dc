import EventSourcing

/// Cash was taken out of a portfolio (at most the cash it held). Stream `portfolio-<portfolio_id>`.
public struct CashWithdrawn: DomainEvent {
    public static let eventType = "CashWithdrawn"
    public static let schemaVersion = 1
    public static let streamCategory = "portfolio"

    public var portfolioId: String
    /// USD, positive decimal text with at most two decimals.
    public var amount: String
    /// The close it counts at: the portfolio holds it from that close on.
    public var date: String

    public init(portfolioId: String, amount: String, date: String) {
        self.portfolioId = portfolioId
        self.amount = amount
        self.date = date
    }

    enum CodingKeys: String, CodingKey {
        case portfolioId = "portfolio_id"
        case amount, date
    }

    public init(json reader: inout JSONReader) throws {
        var portfolioId: String?
        var amount: String?
        var date: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "portfolio_id": portfolioId = try reader.readString()
            case "amount": amount = try reader.readString()
            case "date": date = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(
            portfolioId: try required(portfolioId, "portfolio_id", of: Self.self),
            amount: try required(amount, "amount", of: Self.self), date: try required(date, "date", of: Self.self))
    }
}
