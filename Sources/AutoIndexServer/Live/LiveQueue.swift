import EventSourcing
import Synchronization

/// The events waiting for one live client, filled by ``LiveFeed`` and drained by the client's
/// writer. It is bounded: when a client falls `capacity` events behind, the queue is marked
/// overflowed and takes nothing more, so a slow client never holds up the feed or anyone else.
final class LiveQueue: Sendable {
    /// What a drain finds.
    enum Drained: Sendable {
        case events([RecordedEvent])
        /// Nothing arrived within the wait.
        case idle
        /// The client fell too far behind; it is told so and disconnected.
        case overflow
        /// The server is shutting down: the stream ends (the client reconnects elsewhere or later).
        case closed
    }

    private struct State {
        var events: [RecordedEvent] = []
        var overflowed = false
        var closed = false
        /// How many pushes so far (an overflow and a close count as one), for the signal.
        var pushes: Int64 = 0
        /// The pushes the client had seen at its last drain.
        var taken: Int64 = 0
    }

    let capacity: Int
    /// The types the feed offers this queue (the client filters further).
    let types: Set<String>
    private let state = Mutex(State())
    private let signal = AppendSignal(head: 0)

    init(capacity: Int, types: Set<String>) {
        self.capacity = capacity
        self.types = types
    }

    /// Offers `events` (in log order) to the client; the feed calls it and never waits.
    func push(_ events: [RecordedEvent]) {
        let wanted = types.isEmpty ? events : events.filter { types.contains($0.type) }
        guard !wanted.isEmpty else { return }
        let pushes = state.withLock { state -> Int64? in
            guard !state.overflowed else { return nil }
            if state.events.count + wanted.count > capacity {
                state.overflowed = true
                state.events = []
            } else {
                state.events += wanted
            }
            state.pushes += 1
            return state.pushes
        }
        if let pushes { signal.publish(head: pushes) }
    }

    /// Ends the stream at the client's next drain.
    func close() {
        let pushes = state.withLock { state -> Int64 in
            state.closed = true
            state.pushes += 1
            return state.pushes
        }
        signal.publish(head: pushes)
    }

    /// Everything queued, waiting up to `timeout` when nothing is.
    func drain(waiting timeout: Duration) async -> Drained {
        if let drained = take() { return drained }
        let seen = state.withLock { $0.taken }
        _ = await signal.wait(after: seen, timeout: timeout)
        return take() ?? .idle
    }

    private func take() -> Drained? {
        state.withLock { state -> Drained? in
            state.taken = state.pushes
            if state.closed { return .closed }
            if state.overflowed { return .overflow }
            guard !state.events.isEmpty else { return nil }
            defer { state.events = [] }
            return .events(state.events)
        }
    }
}
