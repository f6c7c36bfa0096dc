import AutoIndexDomain
import EventSourcing
import Foundation
import Hummingbird

/// `GET /api/v1/events` (admin): the log itself, paged by position and filtered by stream and type,
/// each payload exactly as stored (the bytes the hash chain covers).
struct EventsController {
    let store: any EventStore

    struct Envelope: Encodable {
        var event: RecordedEvent

        enum CodingKeys: String, CodingKey {
            case position, stream, version, type, hash, actor
            case schemaVersion = "schema_version"
            case eventId = "event_id"
            case recordedAt = "recorded_at"
            case correlationId = "correlation_id"
            case causationId = "causation_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(event.position, forKey: .position)
            try container.encode(event.stream.rawValue, forKey: .stream)
            try container.encode(event.version, forKey: .version)
            try container.encode(event.type, forKey: .type)
            try container.encode(event.schemaVersion, forKey: .schemaVersion)
            try container.encode(UUIDText.format(event.metadata.eventId), forKey: .eventId)
            try container.encode(event.recordedAt, forKey: .recordedAt)
            try container.encode(event.metadata.actor, forKey: .actor)
            try container.encode(event.metadata.correlationId, forKey: .correlationId)
            try container.encode(event.metadata.causationId, forKey: .causationId)
            try container.encode(event.hash, forKey: .hash)
        }
    }

    func addRoutes(to api: APIRouter) {
        api.get("/api/v1/events", access: .admin) { request, context in
            let query = request.uri.queryParameters
            var problems: [String] = []
            let after = QueryValue.integer(
                query["after"], name: "after", range: 0...Int.max, default: 0, problems: &problems)
            let limit = QueryValue.integer(
                query["limit"], name: "limit", range: 1...1000, default: 100, problems: &problems)
            var filter = EventFilter()
            if let stream = query["stream"] {
                switch Result(catching: { try StreamName(String(stream)) }) {
                case .success(let name): filter.stream = name
                case .failure(let error): problems.append("stream: \(error)")
                }
            }
            if let type = query["type"] {
                if EventCatalog.type(named: String(type)) == nil {
                    problems.append("type: \"\(type)\" is not an event type of the catalog")
                } else {
                    filter.types = [String(type)]
                }
            }
            guard problems.isEmpty else { throw APIError.validation(problems.joined(separator: "; ")) }
            let head = try await store.headPosition()
            let events = try await store.read(after: Int64(after), limit: limit, filter: filter)
            return try Self.page(events, head: head, full: events.count == limit, context: context)
        }
    }

    /// One event as the log shows it: the ``Envelope`` with the stored payload spliced in verbatim.
    static func json(_ event: RecordedEvent, encoder: JSONEncoder) throws -> Data {
        var envelope = try encoder.encode(Envelope(event: event))
        envelope.removeFirst()
        return Data("{\"payload\":".utf8) + event.payload + Data(",".utf8) + envelope
    }

    /// `{"events": [...], "head": N, "next_after": N|null}` with each stored payload spliced in verbatim.
    static func page(_ events: [RecordedEvent], head: Int64, full: Bool, context: AppRequestContext) throws -> Response
    {
        let encoder = context.responseEncoder
        var body = Data("{\"events\":[".utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(try json(event, encoder: encoder))
        }
        let next = full ? events.last.map { String($0.position) } ?? "null" : "null"
        body.append(contentsOf: Data("],\"head\":\(head),\"next_after\":\(next)}".utf8))
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
