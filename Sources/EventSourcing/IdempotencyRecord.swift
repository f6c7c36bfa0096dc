import Foundation

/// What the log keeps for an idempotency key: the request it was first used for (as a digest), the
/// result that request got, and the last position it wrote.
public struct IdempotencyRecord: Sendable, Hashable {
    public var key: String
    /// ``AppendRequest/idempotencyDigest``.
    public var requestDigest: String
    /// The ``AppendResult`` as JSON with sorted keys.
    public var result: String
    public var lastPosition: Int64

    public init(key: String, requestDigest: String, result: String, lastPosition: Int64) {
        self.key = key
        self.requestDigest = requestDigest
        self.result = result
        self.lastPosition = lastPosition
    }
}

extension AppendRequest {
    /// What makes two requests "the same" for idempotency: streams, expectations, types, versions
    /// and payloads. Event ids and other metadata differ between retries and are left out.
    public var idempotencyDigest: String {
        var text = ""
        for part in streams {
            text += "stream \(part.stream.rawValue.utf8.count):\(part.stream.rawValue) expect \(part.expectedVersion)\n"
            for event in part.events {
                text += "event \(event.type) v\(event.schemaVersion) \(event.payload.count):"
                text += String(decoding: event.payload, as: UTF8.self)
                text += "\n"
            }
        }
        return HashChain.digest(Array(text.utf8))
    }
}

extension AppendResult {
    /// The result as an idempotency record stores it: JSON with sorted keys.
    public var storedJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Encoding arrays of integers and strings cannot fail.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
