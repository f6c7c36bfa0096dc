import EventSourcing
import Hummingbird

/// One client's live stream: the events after its resume position read from the log, then the
/// feed's new events as they come, each at most once and in log order, with a keep-alive comment
/// while nothing happens; `overflow` and the end of the stream when the client falls behind, and
/// the end of the stream when the server shuts down.
struct LiveSession: Sendable {
    let store: any EventStore
    let registration: LiveFeed.Registration
    /// The last position the client has (its `Last-Event-ID` or `after`; the feed's position when
    /// it asked for neither).
    let after: Int64
    var audience: LiveAudience
    let keepAlive: Duration

    /// Writes the stream until the client goes away (a write fails) or overflows.
    func run(_ writer: inout any ResponseBodyWriter) async throws {
        var audience = audience
        var sent = after
        try await writer.write(ServerSentEvents.opening)
        // Catch up from the log up to where the feed took over.
        let filter = EventFilter(types: audience.types)
        while sent < registration.position {
            let page = try await store.read(after: sent, limit: 1000, filter: filter)
                .prefix { $0.position <= registration.position }
            try await write(Array(page), &audience, &writer)
            sent = page.last?.position ?? registration.position
        }
        sent = max(after, registration.position)
        while true {
            switch await registration.queue.drain(waiting: keepAlive) {
            case .idle:
                try await writer.write(ServerSentEvents.keepAlive)
            case .overflow:
                try await writer.write(ServerSentEvents.overflow(after: sent))
                return
            case .closed:
                return
            case .events(let events):
                let fresh = events.filter { $0.position > sent }
                try await write(fresh, &audience, &writer)
                sent = fresh.last?.position ?? sent
            }
        }
    }

    private func write(
        _ events: [RecordedEvent], _ audience: inout LiveAudience, _ writer: inout any ResponseBodyWriter
    ) async throws {
        var buffer = ByteBuffer()
        for event in events where audience.admits(event) {
            var message = try ServerSentEvents.message(event)
            buffer.writeBuffer(&message)
        }
        if buffer.readableBytes > 0 { try await writer.write(buffer) }
    }
}
