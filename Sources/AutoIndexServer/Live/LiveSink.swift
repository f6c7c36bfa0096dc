import EventSourcing
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket

/// Where a live session's messages go.
protocol LiveSink {
    /// Sends `events` (already filtered for the audience), in order.
    mutating func send(_ events: [RecordedEvent]) async throws
    /// Nothing happened for a while.
    mutating func keepAlive() async throws
    /// The client fell behind; the session ends after this.
    mutating func overflow(after position: Int64) async throws
}

/// The event stream: `text/event-stream` frames on the response body (``ServerSentEvents``).
struct EventStreamSink: LiveSink {
    var writer: any ResponseBodyWriter

    mutating func send(_ events: [RecordedEvent]) async throws {
        var buffer = ByteBuffer()
        for event in events {
            var message = try ServerSentEvents.message(event)
            buffer.writeBuffer(&message)
        }
        try await writer.write(buffer)
    }

    mutating func keepAlive() async throws { try await writer.write(ServerSentEvents.keepAlive) }

    mutating func overflow(after position: Int64) async throws {
        try await writer.write(ServerSentEvents.overflow(after: position))
    }
}

/// The WebSocket: one text message per event, `{"id": position, "event": type, "data": {…}}` with
/// the same data as the event stream; the WebSocket's own pings keep it alive.
struct WebSocketSink: LiveSink {
    let outbound: WebSocketOutboundWriter

    func send(_ events: [RecordedEvent]) async throws {
        for event in events {
            let data = try EventsController.json(event, encoder: AppRequestContext.encoder)
            try await outbound.write(
                .text(
                    "{\"id\":\(event.position),\"event\":\"\(event.type)\",\"data\":"
                        + String(decoding: data, as: UTF8.self) + "}"))
        }
    }

    func keepAlive() async throws {}

    func overflow(after position: Int64) async throws {
        try await outbound.write(
            .text("{\"event\":\"overflow\",\"data\":\(ServerSentEvents.overflowData(after: position))}"))
        try await outbound.close(.goingAway, reason: "overflow")
    }

    /// Tells the client why the socket closes: `{"event": "error", "status", "type", "detail"}`.
    func refuse(_ error: APIError) async throws {
        let detail = String(decoding: try AppRequestContext.encoder.encode(error.detail), as: UTF8.self)
        try await outbound.write(
            .text(
                "{\"event\":\"error\",\"status\":\(error.status.code),\"type\":\"\(error.type)\",\"detail\":\(detail)}"
            ))
        try await outbound.close(
            error.status == .unauthorized ? .policyViolation : .unacceptableData, reason: error.type)
    }
}
