import Foundation

/// An event on its way into the log: type, schema version, canonical JSON payload and metadata.
public struct ProposedEvent: Sendable, Hashable {
    /// The event type, e.g. `PriceFetched`.
    public var type: String
    /// The payload's schema version; with `type` it names a file in `EventSchemas/`.
    public var schemaVersion: Int
    /// The payload as canonical JSON (sorted keys, compact).
    public var payload: Data
    /// Who, why and from where. The store fills in the idempotency key of the request.
    public var metadata: EventMetadata

    /// Creates an event from an already-canonical payload.
    public init(type: String, schemaVersion: Int, payload: Data, metadata: EventMetadata) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
    }

    /// Encodes a domain event canonically.
    /// - Throws: whatever encoding the event throws.
    public init<Event: DomainEvent>(_ event: Event, metadata: EventMetadata) throws {
        let flat = (event as? any FlatStringEvent).flatMap { CanonicalJSON.flatObject($0.canonicalFields) }
        self.init(
            type: Event.eventType, schemaVersion: Event.schemaVersion,
            payload: try flat ?? CanonicalJSON.encode(event), metadata: metadata)
    }
}

/// Events to append to one stream, with the version the stream is expected to be at.
public struct StreamAppend: Sendable, Hashable {
    public var stream: StreamName
    public var expectedVersion: ExpectedVersion
    public var events: [ProposedEvent]

    public init(stream: StreamName, expectedVersion: ExpectedVersion, events: [ProposedEvent]) {
        self.stream = stream
        self.expectedVersion = expectedVersion
        self.events = events
    }
}

/// One atomic append: every stream's events are written, or none are.
public struct AppendRequest: Sendable, Hashable {
    /// The parts, written in this order; positions follow it.
    public var streams: [StreamAppend]
    /// When set, a repeat of the same request returns the first result and writes nothing; the same
    /// key with a different request is an `idempotencyConflict`.
    public var idempotencyKey: String?

    public init(_ streams: [StreamAppend], idempotencyKey: String? = nil) {
        self.streams = streams
        self.idempotencyKey = idempotencyKey
    }

    /// A request for one stream.
    public init(
        stream: StreamName, expectedVersion: ExpectedVersion = .any, events: [ProposedEvent],
        idempotencyKey: String? = nil
    ) {
        self.init(
            [StreamAppend(stream: stream, expectedVersion: expectedVersion, events: events)],
            idempotencyKey: idempotencyKey)
    }

    /// The total number of events in the request.
    public var eventCount: Int { streams.reduce(0) { $0 + $1.events.count } }

    /// Checks the request's shape before it reaches storage.
    /// - Throws: `EventStoreError.invalidAppend` naming the problem.
    public func validate() throws {
        guard eventCount > 0 else { throw EventStoreError.invalidAppend("no events") }
        var seen = Set<StreamName>()
        for part in streams {
            guard seen.insert(part.stream).inserted else {
                throw EventStoreError.invalidAppend("stream \(part.stream) appears twice in one request")
            }
            guard !part.events.isEmpty else {
                throw EventStoreError.invalidAppend("no events for stream \(part.stream)")
            }
            for event in part.events {
                guard EventTypeName.isValid(event.type) else {
                    throw EventStoreError.invalidAppend("invalid event type \"\(event.type)\"")
                }
                guard event.schemaVersion >= 1 else {
                    throw EventStoreError.invalidAppend("schema version of \(event.type) must be at least 1")
                }
                guard String(validating: event.payload, as: UTF8.self) != nil else {
                    throw EventStoreError.invalidAppend("payload of \(event.type) is not UTF-8")
                }
                guard Self.isJSONObject(event.payload) else {
                    throw EventStoreError.invalidAppend("payload of \(event.type) is not a JSON object")
                }
            }
        }
        if let key = idempotencyKey, key.isEmpty || key.utf8.count > 200 {
            throw EventStoreError.invalidAppend("idempotency key must be 1 to 200 bytes")
        }
    }
}

extension AppendRequest {
    /// Whether `payload` is exactly one JSON object.
    static func isJSONObject(_ payload: Data) -> Bool {
        guard payload.first == UInt8(ascii: "{") else { return false }
        do {
            try JSONReader.read(payload) { reader -> Void in
                try reader.skipValue()
                try reader.expectEnd()
            }
            return true
        } catch {
            return false
        }
    }
}

/// The rule for event type names: UpperCamelCase ASCII letters and digits.
public enum EventTypeName {
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first),
            name.utf8.count <= 100
        else { return false }
        return name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
    }
}
