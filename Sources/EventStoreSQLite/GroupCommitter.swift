import EventSourcing
import GRDB

/// Writes append requests in shared transactions (group commit).
///
/// The first caller to find the committer idle becomes the leader: it commits its own request,
/// then whatever queued up meanwhile, until the queue is empty. Each request runs in its own
/// savepoint, so a conflict rolls back only that request; one durable commit covers them all.
actor GroupCommitter {
    private struct Waiting {
        var request: AppendRequest
        var continuation: CheckedContinuation<(AppendResult, Int64), any Error>
    }

    private let database: DatabasePool
    private let clock: WallClock
    private var queue: [Waiting] = []
    private var isCommitting = false

    init(database: DatabasePool, clock: WallClock) {
        self.database = database
        self.clock = clock
    }

    /// Appends one request; returns its result and the log's head after the commit that held it.
    func submit(_ request: AppendRequest) async throws -> (AppendResult, Int64) {
        guard !isCommitting else {
            return try await withCheckedThrowingContinuation { continuation in
                queue.append(Waiting(request: request, continuation: continuation))
            }
        }
        isCommitting = true
        defer { isCommitting = false }
        let (own, head) = await commit([request])
        while !queue.isEmpty {
            let batch = queue
            queue = []
            let (outcomes, head) = await commit(batch.map(\.request))
            for (waiting, outcome) in zip(batch, outcomes) {
                waiting.continuation.resume(with: outcome.map { ($0, head) })
            }
        }
        guard let mine = own.first else { throw EventStoreError.invalidAppend("no result") }
        return (try mine.get(), head)
    }

    /// Commits `requests` in one transaction; returns each request's outcome and the head after it.
    private func commit(_ requests: [AppendRequest]) async -> ([Result<AppendResult, any Error>], Int64) {
        let recordedAt = UTCTimestamp.format(clock.now())
        do {
            return try await database.write { db in
                var writer = try LogWriter(db: db, recordedAt: recordedAt)
                var outcomes: [Result<AppendResult, any Error>] = []
                outcomes.reserveCapacity(requests.count)
                for request in requests {
                    outcomes.append(writer.appendInSavepoint(request))
                }
                return (outcomes, writer.head.position)
            }
        } catch {
            // The transaction itself failed (disk full, I/O error …): nothing was written.
            return (requests.map { _ in .failure(error) }, -1)
        }
    }
}
