import Synchronization

/// The waiting room of a group commit: appenders queue their request and wait, one drain at a
/// time takes everything queued, commits it together, and answers each caller. Whoever arrives
/// during a commit joins the next one. Both stores' committers use it.
public final class CommitQueue: Sendable {
    /// A queued request and the caller waiting for its outcome and the head after its commit.
    public struct Waiting: Sendable {
        public var request: AppendRequest
        public var continuation: CheckedContinuation<(AppendResult, Int64), any Error>
    }

    private struct State {
        var queue: [Waiting] = []
        var isDraining = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Queues `request`, calling `startDrain` when no drain is running; returns what the commit that
    /// held it answered.
    public func submit(_ request: AppendRequest, startDrain: @Sendable () -> Void) async throws -> (
        AppendResult, Int64
    ) {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state -> Bool in
                state.queue.append(Waiting(request: request, continuation: continuation))
                guard !state.isDraining else { return false }
                state.isDraining = true
                return true
            }
            if start { startDrain() }
        }
    }

    /// Everything queued; an empty answer ends the drain (the next `submit` starts another).
    public func take() -> [Waiting] {
        state.withLock { state in
            let batch = state.queue
            state.queue = []
            if batch.isEmpty { state.isDraining = false }
            return batch
        }
    }

    /// Answers each waiting caller with its outcome and the head after the commit.
    public static func answer(_ batch: [Waiting], _ outcomes: [Result<AppendResult, any Error>], head: Int64) {
        for (waiting, outcome) in zip(batch, outcomes) {
            waiting.continuation.resume(with: outcome.map { ($0, head) })
        }
    }
}
