import Synchronization

/// Wakes readers waiting for the log's head to move past a position.
///
/// The store publishes the new head after every commit; subscriptions wait on it instead of polling.
public final class AppendSignal: Sendable {
    private struct Waiter {
        var after: Int64
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var head: Int64
        var nextID = 0
        var waiters: [Int: Waiter] = [:]
    }

    private let state: Mutex<State>

    public init(head: Int64) {
        state = Mutex(State(head: head))
    }

    public var head: Int64 { state.withLock { $0.head } }

    /// Records a new head and wakes everyone waiting for less.
    public func publish(head: Int64) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard head > state.head else { return [] }
            state.head = head
            let ready = state.waiters.filter { $0.value.after < head }
            for id in ready.keys { state.waiters[id] = nil }
            return ready.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Waits until the head passes `position` or `timeout` elapses; returns the head either way.
    public func wait(after position: Int64, timeout: Duration) async -> Int64 {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait(after: position) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return head
    }

    private func wait(after position: Int64) async {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.head > position || Task.isCancelled { return true }
                    state.waiters[id] = Waiter(after: position, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { $0.waiters.removeValue(forKey: id)?.continuation }
            continuation?.resume()
        }
    }
}
