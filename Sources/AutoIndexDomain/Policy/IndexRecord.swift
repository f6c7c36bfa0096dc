import EventSourcing

/// What an index's own stream holds: its daily values and its rebalances, as the policy needs them to
/// carry on from where the log ends.
public struct IndexRecord: Sendable, Hashable {
    /// A rebalance as recorded: the weights decided at the close of `asOfDate`.
    public struct Rebalance: Sendable, Hashable {
        public var asOfDate: String
        public var weights: [String: Double]
        public var configVersion: Int
    }

    /// The stream's version (0 when empty).
    public private(set) var version: Int64 = 0
    /// The valued dates, in order, and the latest value.
    public private(set) var valuedDates: [String] = []
    public private(set) var lastValue: Double?
    /// Every completed rebalance, in order.
    public private(set) var rebalances: [Rebalance] = []
    private var pendingConfigVersion: Int?

    public init() {}

    /// Applies one event of the index stream at `version`.
    public mutating func evolve(_ event: any DomainEvent, version: Int64) {
        self.version = max(self.version, version)
        switch event {
        case let valued as IndexValued:
            valuedDates.append(valued.date)
            lastValue = valued.value
        case let calculated as WeightsCalculated:
            pendingConfigVersion = calculated.configVersion
        case let change as AllocationChanged:
            rebalances.append(
                Rebalance(
                    asOfDate: change.asOfDate,
                    weights: Dictionary(change.newWeights.map { ($0.symbol, $0.weight) }) { _, last in last },
                    configVersion: pendingConfigVersion ?? 0))
            pendingConfigVersion = nil
        default:
            return
        }
    }

    /// Applies a recorded event of the index stream.
    /// - Throws: `EventStoreError.corruptRecord` for a malformed payload.
    public mutating func evolve(_ recorded: RecordedEvent) throws {
        evolve(try EventCatalog.decode(recorded), version: recorded.version)
    }

    /// The last valued date.
    public var lastValuedDate: String? { valuedDates.last }
}
