import Synchronization

/// The checkpoints this process's runner has committed, readable without a database round trip:
/// read-your-writes waits and response validators (ETags) look here on every request.
public final class CheckpointBoard: Sendable {
    private let positions = Mutex<[String: Int64]>([:])

    public init() {}

    /// The last committed checkpoint of `name` seen by this process, if any.
    public func position(of name: String) -> Int64? {
        positions.withLock { $0[name] }
    }

    /// Records a committed checkpoint; it only moves forward.
    func advance(_ name: String, to position: Int64) {
        positions.withLock { $0[name] = max($0[name] ?? 0, position) }
    }

    /// Records a checkpoint that was reset (a rebuild starts again from 0).
    func reset(_ name: String) {
        positions.withLock { $0[name] = 0 }
    }
}
