import EventSourcing
import Logging
import ServiceLifecycle
import Synchronization

/// Follows the log once for every live client of this instance and offers each new event to their
/// queues (``LiveQueue``), so a thousand clients cost one subscription, and a slow one overflows its
/// own queue rather than slowing the feed. On PostgreSQL the subscription is woken by other
/// instances' appends too, so every instance's clients see every append.
final class LiveFeed: Service, Sendable {
    private struct State {
        /// The last position offered to the queues; nil until the feed has read the head.
        var position: Int64?
        var queues: [Int: LiveQueue] = [:]
        var nextId = 0
    }

    private let store: any EventStore
    private let logger: Logger
    private let state = Mutex(State())

    init(store: any EventStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// A client's place in the feed: its queue, and the position after which the queue receives
    /// every event (older ones are read from the log).
    struct Registration: Sendable {
        var id: Int
        var queue: LiveQueue
        var position: Int64
    }

    /// Waits (at most `timeout`) for the feed to have read the head it follows from.
    /// - Returns: whether it has.
    func waitUntilStarted(timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while state.withLock({ $0.position == nil }) {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(50))) != nil else {
                return false
            }
        }
        return true
    }

    /// Registers a queue for a new client.
    /// - Returns: nil when the feed has not started (see ``waitUntilStarted(timeout:)``).
    func register(_ queue: LiveQueue) -> Registration? {
        state.withLock { state -> Registration? in
            guard let position = state.position else { return nil }
            state.nextId += 1
            state.queues[state.nextId] = queue
            return Registration(id: state.nextId, queue: queue, position: position)
        }
    }

    /// Removes a client's queue.
    func unregister(_ registration: Registration) {
        _ = state.withLock { $0.queues.removeValue(forKey: registration.id) }
    }

    func run() async throws {
        do {
            let head = try await headPosition()
            state.withLock { $0.position = head }
            let subscription = store.subscribe(after: head, filter: .all, batchSize: 1000)
            try await cancelWhenGracefulShutdown {
                var events = subscription.makeAsyncIterator()
                while !Task.isCancelled {
                    let batch = try await events.nextBatch()
                    guard let last = batch.last else { continue }
                    let queues = self.state.withLock { state -> [LiveQueue] in
                        state.position = last.position
                        return Array(state.queues.values)
                    }
                    for queue in queues { queue.push(batch) }
                }
            }
        } catch is CancellationError where Task.isShuttingDownGracefully {
            logger.info("live feed stopped for shutdown")
        }
    }

    /// The head, retried while the database is away.
    private func headPosition() async throws -> Int64 {
        while true {
            do {
                return try await store.headPosition()
            } catch EventStoreError.unavailable(let reason) {
                logger.warning("live feed: waiting for the database", metadata: ["reason": "\(reason)"])
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
