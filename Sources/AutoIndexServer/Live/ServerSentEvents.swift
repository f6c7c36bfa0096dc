import EventSourcing
import Foundation
import Hummingbird

/// The `text/event-stream` framing of the live stream: one message per event, with the log position
/// as its `id` (what `Last-Event-ID` resumes from), the event type as its `event` and one JSON `data`
/// line: the event as `GET /api/v1/events` gives it, the payload as stored.
enum ServerSentEvents {
    /// The first bytes of every stream: how long a browser waits before reconnecting.
    static let opening = ByteBuffer(string: "retry: 3000\n\n")
    /// The keep-alive comment.
    static let keepAlive = ByteBuffer(string: ": keep-alive\n\n")

    /// The message a client too slow to keep up gets before it is disconnected.
    static func overflow(after position: Int64) -> ByteBuffer {
        ByteBuffer(string: "event: overflow\ndata: \(overflowData(after: position))\n\n")
    }

    /// What the overflow message says, as JSON: why, and where to resume.
    static func overflowData(after position: Int64) -> String {
        "{\"detail\":\"the client fell too far behind; reconnect with Last-Event-ID (or after) to resume\","
            + "\"last_event_id\":\(position)}"
    }

    /// The message for `event`: its position, its type, and the event as `GET /api/v1/events` gives it.
    static func message(_ event: RecordedEvent) throws -> ByteBuffer {
        let data = try EventsController.json(event, encoder: AppRequestContext.encoder)
        var text = "id: \(event.position)\nevent: \(event.type)\n"
        // A payload is one line of JSON; were it ever more, each line gets its own `data:`.
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line)\n"
        }
        return ByteBuffer(string: text + "\n")
    }
}
