import EventSourcing
import Foundation

/// Events a decider wants appended, per stream, with the version each stream must be at.
///
/// Deciders stay pure: the adapter that appends adds metadata (event ids, actor, correlation) and
/// turns the plan into one atomic `AppendRequest`.
public struct PlannedAppend: Sendable, Hashable {
    /// One stream's part of the plan.
    public struct Part: Sendable, Hashable {
        public var stream: StreamName
        public var expectedVersion: ExpectedVersion
        public var events: [PlannedEvent]

        public init(stream: StreamName, expectedVersion: ExpectedVersion, events: [PlannedEvent]) {
            self.stream = stream
            self.expectedVersion = expectedVersion
            self.events = events
        }
    }

    public var parts: [Part]

    public init(_ parts: [Part] = []) {
        self.parts = parts
    }

    /// How many events the plan appends.
    public var eventCount: Int { parts.reduce(0) { $0 + $1.events.count } }

    /// Whether there is nothing to append.
    public var isEmpty: Bool { eventCount == 0 }

    /// The atomic request, every event carrying `metadata` with its own event id.
    /// - Throws: `EventStoreError.invalidAppend` for an event on a stream of another category than
    ///   its registration says; whatever encoding an event throws.
    public func request(metadata: EventMetadata, idempotencyKey: String? = nil) throws -> AppendRequest {
        let streams = try parts.filter { !$0.events.isEmpty }.map { part in
            StreamAppend(
                stream: part.stream, expectedVersion: part.expectedVersion,
                events: try part.events.map { planned in
                    var eventMetadata = metadata
                    eventMetadata.eventId = UUIDText.random()
                    if let correlationId = planned.correlationId { eventMetadata.correlationId = correlationId }
                    try EventCatalog.registry.validate(planned.event, on: part.stream)
                    return try ProposedEvent(planned.event, metadata: eventMetadata)
                })
        }
        return AppendRequest(streams, idempotencyKey: idempotencyKey)
    }
}

extension ExpectedVersion {
    /// The expectation for a stream last seen at `version` (0 when it has no events yet).
    public static func after(_ version: Int64) -> ExpectedVersion {
        version == 0 ? .noStream : .exact(version)
    }
}

/// One event of a plan, optionally in its own correlation (the three events of a rebalance share one).
public struct PlannedEvent: Sendable, Hashable {
    public var event: any DomainEvent
    /// Overrides the run's correlation id when set.
    public var correlationId: String?

    public init(_ event: any DomainEvent, correlationId: String? = nil) {
        self.event = event
        self.correlationId = correlationId
    }

    public static func == (lhs: PlannedEvent, rhs: PlannedEvent) -> Bool {
        lhs.correlationId == rhs.correlationId && AnyHashable(lhs.event) == AnyHashable(rhs.event)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(AnyHashable(event))
        hasher.combine(correlationId)
    }
}
