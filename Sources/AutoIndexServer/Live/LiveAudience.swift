import AutoIndexDomain
import EventSourcing

/// Who a live stream is for, and which events of the log reach them: a signed-in user sees the
/// index (values, rebalances, allocations), configuration changes, refresh outcomes and the events
/// of their own portfolios; an admin may ask for the raw log instead, of some types or all.
struct LiveAudience: Sendable {
    enum Scope: Sendable {
        /// A user and the portfolios they own so far.
        case viewer(userId: String, portfolios: Set<String>)
        /// The raw log (admins): these types, or every event when empty.
        case log(types: Set<String>)
    }

    private(set) var scope: Scope

    /// The event types every signed-in user sees.
    static let sharedTypes: Set<String> = [
        RebalanceRequested.eventType, WeightsCalculated.eventType, AllocationChanged.eventType,
        IndexValued.eventType, ConfigUpdated.eventType, RefreshStarted.eventType, RefreshCompleted.eventType,
        RefreshFailed.eventType,
    ]

    /// The types of a portfolio's own stream, seen by its owner.
    static let portfolioTypes: Set<String> = Set(
        EventCatalog.types.filter { $0.streamCategory == PortfolioOpened.streamCategory }.map { $0.eventType })

    /// A user who owns `portfolios` (as of the log's head when the stream starts).
    static func viewer(_ userId: String, owning portfolios: some Sequence<String>) -> LiveAudience {
        LiveAudience(scope: .viewer(userId: userId, portfolios: Set(portfolios)))
    }

    /// An admin following the raw log, of `types` or of every type.
    static func log(types: Set<String>) -> LiveAudience { LiveAudience(scope: .log(types: types)) }

    /// The types that may reach this audience: what reads and the feed filter on before ``admits(_:)``.
    var types: Set<String> {
        switch scope {
        case .viewer: Self.sharedTypes.union(Self.portfolioTypes)
        case .log(let types): types
        }
    }

    /// Whether `event` reaches this audience. Call it on the events in log order: a portfolio the
    /// user opens is theirs from its `PortfolioOpened` on.
    mutating func admits(_ event: RecordedEvent) -> Bool {
        switch scope {
        case .log(let types):
            return types.isEmpty || types.contains(event.type)
        case .viewer(let userId, var portfolios):
            if Self.sharedTypes.contains(event.type) { return true }
            guard Self.portfolioTypes.contains(event.type), event.stream.category == PortfolioOpened.streamCategory
            else { return false }
            let id = event.stream.id
            if event.type == PortfolioOpened.eventType,
                (try? event.decode(PortfolioOpened.self))?.ownerId == userId
            {
                portfolios.insert(id)
                scope = .viewer(userId: userId, portfolios: portfolios)
            }
            return portfolios.contains(id)
        }
    }
}
