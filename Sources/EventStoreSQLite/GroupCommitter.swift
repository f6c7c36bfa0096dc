import Dispatch
import EventSourcing
import Foundation
import GRDB

/// Writes append requests in shared transactions (group commit).
///
/// Callers queue their request and wait. One drain job at a time runs on a private serial queue:
/// it takes everything queued, commits it in one transaction (each request in its own savepoint,
/// so a conflict rolls back only that request), resumes the callers, and repeats until the queue
/// is empty. Whoever arrives during a commit joins the next one, so durability costs one sync per
/// batch, not per caller.
final class GroupCommitter: Sendable {
    private let database: DatabasePool
    private let clock: WallClock
    private let queue = CommitQueue()
    private let drainQueue = DispatchQueue(label: "autoindex.event-log.group-commit")

    init(database: DatabasePool, clock: WallClock) {
        self.database = database
        self.clock = clock
    }

    /// Appends one request; returns its result and the log's head after the commit that held it.
    func submit(_ request: AppendRequest) async throws -> (AppendResult, Int64) {
        try await queue.submit(request) { drainQueue.async { self.drain() } }
    }

    /// Commits batches until the queue is empty, each gathering the callers it expects for at most
    /// ``CommitQueue/gatheringWindow``.
    private func drain() {
        while true {
            var batch = queue.take()
            guard !batch.isEmpty else { return }
            queue.gather(into: &batch, until: Date(timeIntervalSinceNow: CommitQueue.gatheringWindow))
            let (outcomes, head) = commit(batch.map(\.request))
            queue.answer(batch, outcomes, head: head)
        }
    }

    /// Commits `requests` in one transaction; returns each request's outcome and the head after it.
    ///
    /// A lone request needs no savepoint: if it fails, the transaction is rolled back instead.
    private func commit(_ requests: [AppendRequest]) -> ([Result<AppendResult, any Error>], Int64) {
        let recordedAt = UTCTimestamp.format(clock.now())
        if requests.count > 1, let together = try? commitTogether(requests, recordedAt: recordedAt) {
            return together
        }
        do {
            return try database.writeWithoutTransaction { db in
                var outcomes: [Result<AppendResult, any Error>] = []
                var head: Int64 = -1
                try db.inTransaction(.immediate) {
                    var writer = try LogWriter(db: db, recordedAt: recordedAt)
                    outcomes.reserveCapacity(requests.count)
                    if requests.count == 1, let request = requests.first {
                        outcomes.append(Result { try writer.append(request) })
                    } else {
                        for request in requests {
                            outcomes.append(try writer.appendInSavepoint(request))
                        }
                    }
                    let anySuccess = outcomes.contains { if case .success = $0 { true } else { false } }
                    guard anySuccess else { return .rollback }
                    head = writer.head.position
                    return .commit
                }
                return (outcomes, head)
            }
        } catch {
            // The transaction itself failed (disk full, I/O error …): nothing was written.
            return (requests.map { _ in .failure(error) }, -1)
        }
    }

    /// Commits `requests` in one transaction without a savepoint each (saving two statements per
    /// request), or throws, having written nothing, when any of them fails, for the caller to try
    /// them one savepoint at a time.
    private func commitTogether(_ requests: [AppendRequest], recordedAt: String) throws -> (
        [Result<AppendResult, any Error>], Int64
    ) {
        try database.writeWithoutTransaction { db in
            var outcomes: [Result<AppendResult, any Error>] = []
            var head: Int64 = -1
            try db.inTransaction(.immediate) {
                var writer = try LogWriter(db: db, recordedAt: recordedAt)
                outcomes = try requests.map { .success(try writer.append($0)) }
                head = writer.head.position
                return .commit
            }
            return (outcomes, head)
        }
    }
}
