/// Errors of the event log. Conflicts are typed so callers can tell a retryable race from a bug.
public enum EventStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stream's version was not what the appender expected. Nothing was written.
    /// `actual` is 0 when the stream does not exist.
    case wrongExpectedVersion(stream: String, expected: ExpectedVersion, actual: Int64)
    /// The idempotency key was used before for a different request. Nothing was written.
    case idempotencyConflict(key: String)
    /// A stream name is not `category-id`.
    case invalidStreamName(String)
    /// An append request was malformed (no events, a stream named twice, a bad type name …).
    case invalidAppend(String)
    /// A stored row or payload could not be read back.
    case corruptRecord(String)
    /// A payload's type or version is not the one the reader asked for, or is unknown.
    case unexpectedEventType(expected: String, found: String)
    /// The database could not be reached in time (down, restarting, or every connection busy). The
    /// request may be retried; an append that failed this way may or may not have been written,
    /// so retry it with its idempotency key.
    case unavailable(String)

    public var description: String {
        switch self {
        case .wrongExpectedVersion(let stream, let expected, let actual):
            let found = actual == 0 ? "no stream" : "version \(actual)"
            return "wrong expected version for stream \(stream): expected \(expected), found \(found)"
        case .idempotencyConflict(let key):
            return "idempotency key \(key) was already used for a different request"
        case .invalidStreamName(let name):
            return
                "invalid stream name \"\(name)\": expected category-id (category: a lowercase letter, then letters or digits)"
        case .invalidAppend(let reason):
            return "invalid append: \(reason)"
        case .corruptRecord(let reason):
            return "corrupt record: \(reason)"
        case .unexpectedEventType(let expected, let found):
            return "expected event type \(expected), found \(found)"
        case .unavailable(let reason):
            return "the database is unavailable: \(reason)"
        }
    }
}
