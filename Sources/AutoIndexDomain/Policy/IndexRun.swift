import EventSourcing

/// An index as a strategy ran it: its daily values and its rebalances, from a log's index stream (the
/// actual index) or from a plan that was never appended (a what-if).
public struct IndexRun: Sendable, Hashable {
    /// One rebalance: when, why, and the weights it set.
    public struct Rebalance: Sendable, Hashable, Encodable {
        public var date: String
        public var trigger: String
        public var reason: String?
        public var turnover: Double
        public var weights: [AssetWeight]

        enum CodingKeys: String, CodingKey {
            case date, trigger, reason, turnover, weights
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(date, forKey: .date)
            try container.encode(trigger, forKey: .trigger)
            try container.encode(reason, forKey: .reason)
            try container.encode(turnover, forKey: .turnover)
            try container.encode(weights, forKey: .weights)
        }
    }

    public private(set) var dates: [String] = []
    public private(set) var values: [Double] = []
    public private(set) var rebalances: [Rebalance] = []

    /// The run the events describe, in order (other event types are ignored).
    public init(events: some Sequence<any DomainEvent>) {
        var pending: (date: String, trigger: String, reason: String?)?
        for event in events {
            switch event {
            case let valued as IndexValued:
                dates.append(valued.date)
                values.append(valued.value)
            case let request as RebalanceRequested:
                pending = (request.asOfDate, request.trigger, request.reason)
            case let change as AllocationChanged:
                rebalances.append(
                    Rebalance(
                        date: change.asOfDate, trigger: pending?.trigger ?? "unknown", reason: pending?.reason,
                        turnover: change.turnover, weights: change.newWeights))
                pending = nil
            default:
                continue
            }
        }
    }

    /// The days from `start` to `end` (inclusive; open ends when nil) and the rebalances among them.
    public func window(from start: String?, to end: String?) -> IndexRun {
        var run = self
        let kept = dates.indices.filter { index in
            (start.map { dates[index] >= $0 } ?? true) && (end.map { dates[index] <= $0 } ?? true)
        }
        run.dates = kept.map { dates[$0] }
        run.values = kept.map { values[$0] }
        run.rebalances = rebalances.filter { rebalance in
            (start.map { rebalance.date >= $0 } ?? true) && (end.map { rebalance.date <= $0 } ?? true)
        }
        return run
    }
}
