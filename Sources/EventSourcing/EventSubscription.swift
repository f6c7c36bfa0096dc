/// Catches up from a position and then follows new appends, in position order.
///
/// Each iterator reads in batches, and when it reaches the head waits on
/// ``EventStore/waitForAppend(after:timeout:)`` (which also polls, so appends by another process
/// are seen too). While the database is unavailable it waits and retries from the same position.
/// Iteration ends only when the surrounding task is cancelled.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent

    let store: any EventStore
    let after: Int64
    let filter: EventFilter
    let batchSize: Int

    public init(store: any EventStore, after: Int64, filter: EventFilter, batchSize: Int) {
        self.store = store
        self.after = after
        self.filter = filter
        self.batchSize = Swift.max(1, batchSize)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, position: after, filter: filter, batchSize: batchSize)
    }

    public struct Iterator: AsyncIteratorProtocol {
        let store: any EventStore
        /// The last position read (matching or not).
        var position: Int64
        let filter: EventFilter
        let batchSize: Int
        var buffer: [RecordedEvent] = []
        var bufferIndex = 0

        /// Returns every buffered event, or the next batch, waiting for appends when at the head.
        /// Never returns an empty batch; throws `CancellationError` when the task is cancelled.
        public mutating func nextBatch() async throws -> [RecordedEvent] {
            while true {
                if bufferIndex < buffer.count {
                    let batch = Array(buffer[bufferIndex...])
                    bufferIndex = buffer.count
                    return batch
                }
                try await fill()
            }
        }

        /// Reads the next batch into the buffer, or waits for an append when at the head.
        private mutating func fill() async throws {
            try Task.checkCancellation()
            // Read unfiltered to learn how far the log goes, then filter here, so a filter that
            // matches rarely still advances the position.
            do {
                let batch = try await store.read(after: position, limit: batchSize, filter: .all)
                if let last = batch.last {
                    position = last.position
                    buffer = filter == .all ? batch : batch.filter(filter.matches)
                    bufferIndex = 0
                } else {
                    _ = try await store.waitForAppend(after: position, timeout: .seconds(1))
                }
            } catch EventStoreError.unavailable {
                // The database is away (restarting, unreachable): wait and go on from the same place.
                try await Task.sleep(for: .seconds(1))
            }
        }

        public mutating func next() async throws -> RecordedEvent? {
            while true {
                if bufferIndex < buffer.count {
                    let event = buffer[bufferIndex]
                    bufferIndex += 1
                    return event
                }
                try await fill()
            }
        }
    }
}
