import Foundation
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
        var gathering = CommitGathering()
        /// Whether a drain waits in ``gather(into:until:)`` for arrivals.
        var isGathering = false
    }

    private let state = Mutex(State())
    /// Signalled on each arrival while a drain gathers.
    private let arrivals = NSCondition()

    /// How long a batch waits for the callers it expects: a fraction of a durable commit's sync, and
    /// spent only while callers the last commit answered are still on their way back.
    public static let gatheringWindow: TimeInterval = 0.000_3

    public init() {}

    /// Queues `request`, calling `startDrain` when no drain is running; returns what the commit that
    /// held it answered.
    public func submit(_ request: AppendRequest, startDrain: @Sendable () -> Void) async throws -> (
        AppendResult, Int64
    ) {
        try await withCheckedThrowingContinuation { continuation in
            let (start, wake) = state.withLock { state -> (Bool, Bool) in
                state.queue.append(Waiting(request: request, continuation: continuation))
                guard !state.isDraining else { return (false, state.isGathering) }
                state.isDraining = true
                return (true, false)
            }
            if wake {
                arrivals.lock()
                arrivals.signal()
                arrivals.unlock()
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

    /// Adds to `batch` whoever joins until it holds the callers expected (see ``CommitGathering``) or
    /// `deadline` passes, blocking the calling thread (a drain's own) meanwhile.
    public func gather(into batch: inout [Waiting], until deadline: Date) {
        arrivals.lock()
        defer { arrivals.unlock() }
        while gatherMore(into: &batch, waking: true), arrivals.wait(until: deadline) {}
        state.withLock { $0.isGathering = false }
    }

    /// Adds to `batch` whoever joined since it was taken; whether it should still wait for more.
    /// With `waking`, each arrival meanwhile signals the drain waiting in ``gather(into:until:)``.
    public func gatherMore(into batch: inout [Waiting], waking: Bool = false) -> Bool {
        state.withLock { state in
            batch += state.queue
            state.queue = []
            let wantsMore = state.gathering.wantsMore(batch.count)
            state.isGathering = waking && wantsMore
            return wantsMore
        }
    }

    /// Answers each waiting caller with its outcome and the head after the commit, and sets how
    /// many callers the next batch waits for.
    public func answer(_ batch: [Waiting], _ outcomes: [Result<AppendResult, any Error>], head: Int64) {
        state.withLock { state in
            state.gathering.gathered(batch.count)
            state.gathering.committed(answered: batch.count, waiting: state.queue.count)
        }
        for (waiting, outcome) in zip(batch, outcomes) {
            waiting.continuation.resume(with: outcome.map { ($0, head) })
        }
    }
}
