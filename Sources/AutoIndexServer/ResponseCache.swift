import Hummingbird
import Synchronization

/// The encoded answers of read-model queries, each valid for the checkpoints it was computed at, so
/// repeated queries (the full index history is 8,000 points) are not encoded again until a read
/// model they read moves.
final class ResponseCache: Sendable {
    private let entries = Mutex<[String: (etag: String, body: ByteBuffer)]>([:])
    private let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The body cached for `key` under `etag`, if any.
    func body(for key: String, etag: String) -> ByteBuffer? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.etag == etag else { return nil }
            return entry.body
        }
    }

    /// Keeps `body` for `key` under `etag`; when full, starts again (cheap, and bounded).
    func store(_ body: ByteBuffer, for key: String, etag: String) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = (etag, body)
        }
    }
}
