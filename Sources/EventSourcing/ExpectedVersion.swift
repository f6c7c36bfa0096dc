/// What an appender expects a stream's current version to be (optimistic concurrency).
///
/// Versions count events within a stream from 1; a stream that does not exist has version 0.
public enum ExpectedVersion: Hashable, Sendable, CustomStringConvertible {
    /// Append whatever the stream's version is.
    case any
    /// Append only if the stream has no events yet.
    case noStream
    /// Append only if the stream's last event has exactly this version.
    case exact(Int64)

    /// Whether a stream currently at `actual` satisfies this expectation.
    public func isSatisfied(by actual: Int64) -> Bool {
        switch self {
        case .any: return true
        case .noStream: return actual == 0
        case .exact(let version): return actual == version
        }
    }

    public var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "no stream"
        case .exact(let version): return "version \(version)"
        }
    }
}
