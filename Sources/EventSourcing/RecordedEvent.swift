import Foundation

/// An event as stored in the log, with its place, time and hash.
///
/// Payloads of older schema versions have already been upcast: `schemaVersion` is the current one.
public struct RecordedEvent: Sendable, Hashable {
    /// Global, gap-free, commit-ordered position (1, 2, 3 …).
    public var position: Int64
    public var stream: StreamName
    /// Position within the stream (1, 2, 3 …).
    public var version: Int64
    public var type: String
    public var schemaVersion: Int
    /// Canonical JSON payload.
    public var payload: Data
    public var metadata: EventMetadata
    /// When the append was recorded (UTC), as stored: `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    public var recordedAt: String
    /// The SHA-256 chain hash of this record, lowercase hex.
    public var hash: String

    public init(
        position: Int64, stream: StreamName, version: Int64, type: String, schemaVersion: Int,
        payload: Data, metadata: EventMetadata, recordedAt: String, hash: String
    ) {
        self.position = position
        self.stream = stream
        self.version = version
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
        self.recordedAt = recordedAt
        self.hash = hash
    }

    /// The recording time as a `Date`.
    public var recordedDate: Date? { UTCTimestamp.parse(recordedAt) }

    /// Decodes the payload as `Event`.
    /// - Throws: `EventStoreError.unexpectedEventType` if this record holds another type or version,
    ///   `EventStoreError.corruptRecord` if the payload does not parse.
    public func decode<Event: DomainEvent>(_: Event.Type = Event.self) throws -> Event {
        guard type == Event.eventType, schemaVersion == Event.schemaVersion else {
            throw EventStoreError.unexpectedEventType(
                expected: "\(Event.eventType) v\(Event.schemaVersion)", found: "\(type) v\(schemaVersion)")
        }
        return try JSONReader.read(payload) { reader in
            let event = try Event(json: &reader)
            try reader.expectEnd()
            return event
        }
    }
}
