import Foundation

/// What the log records about every event besides its payload.
///
/// Metadata is stored as canonical JSON (sorted keys, snake_case) and is covered by the hash chain.
public struct EventMetadata: Hashable, Sendable, Codable {
    /// A unique id for this event.
    public var eventId: UUID
    /// Who caused it: a user id, or `system`.
    public var actor: String
    /// Groups every event that one command or job produced.
    public var correlationId: String
    /// The command id or the event id that directly caused this event.
    public var causationId: String?
    /// The idempotency key of the append that wrote it, if any. Set by the store.
    public var idempotencyKey: String?
    /// Where the facts came from, e.g. `bundled`, `twelvedata`, `api`.
    public var source: String?

    /// Creates metadata. `correlationId` defaults to the event id (a chain of one).
    public init(
        eventId: UUID = UUIDText.random(),
        actor: String,
        correlationId: String? = nil,
        causationId: String? = nil,
        idempotencyKey: String? = nil,
        source: String? = nil
    ) {
        self.eventId = eventId
        self.actor = actor
        self.correlationId = correlationId ?? UUIDText.format(eventId)
        self.causationId = causationId
        self.idempotencyKey = idempotencyKey
        self.source = source
    }

    enum CodingKeys: String, CodingKey {
        case eventId = "event_id"
        case actor
        case correlationId = "correlation_id"
        case causationId = "causation_id"
        case idempotencyKey = "idempotency_key"
        case source
    }
}

extension EventMetadata {
    /// The canonical JSON text of this metadata: keys sorted, absent optionals left out.
    public var canonicalJSON: String { String(decoding: canonicalJSONBytes, as: UTF8.self) }

    /// The canonical JSON of this metadata as UTF-8 bytes.
    public var canonicalJSONBytes: [UInt8] {
        var out = JSONWriter()
        out.beginObject()
        out.key("actor")
        out.string(actor)
        if let causationId {
            out.key("causation_id")
            out.string(causationId)
        }
        out.key("correlation_id")
        out.string(correlationId)
        out.key("event_id")
        out.string(UUIDText.format(eventId))
        if let idempotencyKey {
            out.key("idempotency_key")
            out.string(idempotencyKey)
        }
        if let source {
            out.key("source")
            out.string(source)
        }
        out.endObject()
        return out.utf8
    }

    /// Parses canonical metadata JSON as written by ``canonicalJSON``.
    /// - Throws: `EventStoreError.corruptRecord` when a field is missing or malformed.
    public init(canonicalJSON data: Data) throws {
        var eventId: UUID?
        var actor: String?
        var correlationId: String?
        var causationId: String?
        var idempotencyKey: String?
        var source: String?
        try JSONReader.read(data) { reader in
            var object = try reader.beginObject()
            while let key = try reader.nextKey(&object) {
                switch key {
                case "event_id": eventId = try reader.readUUID()
                case "actor": actor = try reader.readString()
                case "correlation_id": correlationId = try reader.readString()
                case "causation_id": causationId = try reader.readOptionalString()
                case "idempotency_key": idempotencyKey = try reader.readOptionalString()
                case "source": source = try reader.readOptionalString()
                default: try reader.skipValue()
                }
            }
            try reader.expectEnd()
        }
        guard let eventId, let actor, let correlationId else {
            throw EventStoreError.corruptRecord("metadata lacks event_id, actor or correlation_id")
        }
        self.init(
            eventId: eventId, actor: actor, correlationId: correlationId, causationId: causationId,
            idempotencyKey: idempotencyKey, source: source)
    }
}
