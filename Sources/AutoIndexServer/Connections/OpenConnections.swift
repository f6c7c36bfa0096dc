import Synchronization

/// The connections one server has open now, counted as they open and close.
final class OpenConnections: Sendable {
    /// The cap: a connection that opens past it is over capacity.
    let limit: Int
    private let count = Atomic<Int>(0)
    private let peak = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a connection that opened.
    /// - Returns: whether it is within the cap.
    func open() -> Bool {
        let now = count.wrappingAdd(1, ordering: .relaxed).newValue
        peak.max(now, ordering: .relaxed)
        return now <= limit
    }

    /// Counts a connection that closed.
    func close() {
        count.wrappingSubtract(1, ordering: .relaxed)
    }

    /// How many are open.
    var current: Int { count.load(ordering: .relaxed) }

    /// The most open at once since the last call, which starts the next period at the present count.
    func takePeak() -> Int {
        peak.exchange(current, ordering: .relaxed)
    }
}
