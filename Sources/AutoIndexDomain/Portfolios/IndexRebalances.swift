import EventSourcing

/// The rebalances of one index, in log order: what `follow_index` portfolios follow and `INDEX`
/// orders split by.
public struct IndexRebalances: EventFolding, Hashable {
    /// One rebalance: the weights decided at the close of `date`.
    public struct Rebalance: Sendable, Hashable {
        /// The correlation id of its events (the rebalance id of the audit trail).
        public var id: String
        public var date: String
        /// The target weights above zero, sorted by symbol.
        public var weights: [AssetWeight]
    }

    public static let eventTypes: Set<String> = [AllocationChanged.eventType]
    public let indexId: String
    public private(set) var all: [Rebalance] = []
    public private(set) var lastPosition: Int64 = 0

    public init(indexId: String) {
        self.indexId = indexId
    }

    public mutating func evolve(_ recorded: RecordedEvent) throws {
        lastPosition = max(lastPosition, recorded.position)
        guard recorded.type == AllocationChanged.eventType else { return }
        let change = try recorded.decode(AllocationChanged.self)
        guard change.indexId == indexId else { return }
        all.append(
            Rebalance(
                id: recorded.metadata.correlationId, date: change.asOfDate,
                weights: change.newWeights.filter { $0.weight > 0 }.sorted { $0.symbol < $1.symbol }))
    }

    /// The latest rebalance decided at a close on or before `date` (strictly before with `before`).
    public func inForce(at date: String, strictlyBefore: Bool = false) -> Rebalance? {
        all.last { strictlyBefore ? $0.date < date : $0.date <= date }
    }

    /// The latest rebalance.
    public var latest: Rebalance? { all.last }
}
