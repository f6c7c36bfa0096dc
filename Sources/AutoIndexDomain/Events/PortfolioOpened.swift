import EventSourcing

/// A user opened a portfolio. Stream `portfolio-<portfolio_id>`; its first event. The initial cash
/// follows as a `CashDeposited` in the same append.
public struct PortfolioOpened: DomainEvent {
    public static let eventType = "PortfolioOpened"
    public static let schemaVersion = 1
    public static let streamCategory = "portfolio"

    public var portfolioId: String
    /// The user who owns it; only they (and admins, to read) reach it.
    public var ownerId: String
    public var name: String
    /// `manual` or `follow_index`.
    public var mode: String
    /// `paper` (filled at the next close from the log) or `alpaca`.
    public var broker: String
    /// Commission in basis points of each fill's amount.
    public var commissionBps: Int
    /// The first day it holds money: the `start_date` asked for, or the latest close in the log.
    public var openedDate: String
    /// The index a `follow_index` portfolio follows.
    public var indexId: String?

    public init(
        portfolioId: String, ownerId: String, name: String, mode: String, broker: String, commissionBps: Int,
        openedDate: String, indexId: String?
    ) {
        self.portfolioId = portfolioId
        self.ownerId = ownerId
        self.name = name
        self.mode = mode
        self.broker = broker
        self.commissionBps = commissionBps
        self.openedDate = openedDate
        self.indexId = indexId
    }

    enum CodingKeys: String, CodingKey {
        case portfolioId = "portfolio_id"
        case ownerId = "owner_id"
        case name, mode, broker
        case commissionBps = "commission_bps"
        case openedDate = "opened_date"
        case indexId = "index_id"
    }

    public init(json reader: inout JSONReader) throws {
        var portfolioId: String?
        var ownerId: String?
        var name: String?
        var mode: String?
        var broker: String?
        var commissionBps: Int?
        var openedDate: String?
        var indexId: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "portfolio_id": portfolioId = try reader.readString()
            case "owner_id": ownerId = try reader.readString()
            case "name": name = try reader.readString()
            case "mode": mode = try reader.readString()
            case "broker": broker = try reader.readString()
            case "commission_bps": commissionBps = try reader.readInt()
            case "opened_date": openedDate = try reader.readString()
            case "index_id": indexId = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            portfolioId: try required(portfolioId, "portfolio_id", of: Self.self),
            ownerId: try required(ownerId, "owner_id", of: Self.self), name: try required(name, "name", of: Self.self),
            mode: try required(mode, "mode", of: Self.self), broker: try required(broker, "broker", of: Self.self),
            commissionBps: try required(commissionBps, "commission_bps", of: Self.self),
            openedDate: try required(openedDate, "opened_date", of: Self.self), indexId: indexId)
    }
}
