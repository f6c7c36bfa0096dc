import EventSourcing
import ServiceLifecycle

/// One client's live stream: the events after its resume position read from the log, then the
/// feed's new events as they come, each at most once and in log order, with a keep-alive while
/// nothing happens; `overflow` and the end when the client falls behind, and the end when the
/// server shuts down.
struct LiveSession: Sendable {
    let store: any EventStore
    let feed: LiveFeed
    /// The last position the client has (its `Last-Event-ID` or `after`); nil for "from now on".
    let after: Int64?
    let audience: LiveAudience
    let capacity: Int
    let keepAlive: Duration

    /// Writes the stream into `sink` until the client goes away (a write fails), overflows, or the
    /// server shuts down.
    func run(into sink: inout some LiveSink) async throws {
        var audience = audience
        let queue = LiveQueue(capacity: capacity, types: audience.types)
        guard let registration = feed.register(queue) else { return }
        defer { feed.unregister(registration) }
        try await withGracefulShutdownHandler {
            // Catch up from the log up to where the feed took over.
            var sent = after ?? registration.position
            let filter = EventFilter(types: audience.types)
            while sent < registration.position {
                let page = try await store.read(after: sent, limit: 1000, filter: filter)
                    .prefix { $0.position <= registration.position }
                try await send(Array(page), &audience, into: &sink)
                sent = page.last?.position ?? registration.position
            }
            while true {
                switch await queue.drain(waiting: keepAlive) {
                case .idle:
                    try await sink.keepAlive()
                case .overflow:
                    try await sink.overflow(after: sent)
                    return
                case .closed:
                    return
                case .events(let events):
                    let fresh = events.filter { $0.position > sent }
                    try await send(fresh, &audience, into: &sink)
                    sent = fresh.last?.position ?? sent
                }
            }
        } onGracefulShutdown: {
            // The server waits for open requests when it shuts down: end the stream then.
            queue.close()
        }
    }

    private func send(_ events: [RecordedEvent], _ audience: inout LiveAudience, into sink: inout some LiveSink)
        async throws
    {
        let admitted = events.filter { audience.admits($0) }
        if !admitted.isEmpty { try await sink.send(admitted) }
    }
}
