import EventSourcing

/// Every portfolio in the log, in the order they were opened: who owns it, how it trades and whether
/// it is closed. What the desk settles and looks portfolios up by owner in.
public struct PortfolioDirectory: EventFolding, Hashable {
    /// One portfolio.
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var ownerId: String
        public var mode: PortfolioMode
        public var broker: BrokerName
        public var isClosed: Bool
    }

    public static let eventTypes: Set<String> = [PortfolioOpened.eventType, PortfolioClosed.eventType]
    public private(set) var entries: [Entry] = []
    public private(set) var lastPosition: Int64 = 0
    private var index: [String: Int] = [:]

    public init() {}

    public mutating func evolve(_ recorded: RecordedEvent) throws {
        lastPosition = max(lastPosition, recorded.position)
        switch recorded.type {
        case PortfolioOpened.eventType:
            let opened = try recorded.decode(PortfolioOpened.self)
            index[opened.portfolioId] = entries.count
            entries.append(
                Entry(
                    id: opened.portfolioId, ownerId: opened.ownerId,
                    mode: PortfolioMode(rawValue: opened.mode) ?? .manual,
                    broker: BrokerName(rawValue: opened.broker) ?? .paper, isClosed: false))
        case PortfolioClosed.eventType:
            let closed = try recorded.decode(PortfolioClosed.self)
            if let at = index[closed.portfolioId] { entries[at].isClosed = true }
        default:
            return
        }
    }

    /// The portfolio with this id.
    public func entry(_ id: String) -> Entry? { index[id].map { entries[$0] } }

    /// The owner's open portfolios, oldest first.
    public func open(ownedBy owner: String) -> [Entry] { entries.filter { $0.ownerId == owner && !$0.isClosed } }
}
