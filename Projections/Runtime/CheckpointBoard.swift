import Synchronization

/// The checkpoints this process's runner has committed, readable without a database round trip:
/// read-your-writes waits and response validators (ETags) look here on every request.
public final class CheckpointBoard: Sendable {
    private let positions = Mutex<[String: Int64]>([:])
    private let rebuilds = Mutex<[String: Int]>([:])

    public init() {}

    /// The last committed checkpoint of `name` seen by this process, if any.
    public func position(of name: String) -> Int64? {
        positions.withLock { $0[name] }
    }

    /// Records a committed checkpoint; it only moves forward.
    func advance(_ name: String, to position: Int64) {
        positions.withLock { $0[name] = max($0[name] ?? 0, position) }
    }

    /// How many times this process has swapped a rebuilt `name` in: part of the response validators,
    /// since a rebuilt read model can differ at the same checkpoint (when the old one was damaged).
    public func rebuildCount(of name: String) -> Int {
        rebuilds.withLock { $0[name] ?? 0 }
    }

    /// Records a read model rebuilt and swapped in at `position`.
    func replaced(_ name: String, at position: Int64) {
        rebuilds.withLock { $0[name, default: 0] += 1 }
        positions.withLock { $0[name] = position }
    }

    /// Records a checkpoint that was reset (a rebuild starts again from 0).
    func reset(_ name: String) {
        positions.withLock { $0[name] = 0 }
    }
}
