import Logging
import PostgresNIO
import Synchronization

/// Makes one instance at a time the leader for a role (the refresh scheduler, the portfolio
/// settler): the leader holds a session advisory lock on a connection of its own, so when its
/// process dies or loses the database, PostgreSQL ends the session and frees the lock, and another
/// instance takes it at its next try.
public final class PostgresLeaderLease: Sendable {
    let store: PostgresEventStore
    let role: String
    let retryInterval: Duration
    private let leading = Mutex(false)

    /// - Parameters:
    ///   - role: names the lease; instances compete for the same role.
    ///   - retryInterval: how often a follower tries to take the lease, and how often the leader
    ///     checks that its connection (and so its lock) is still there.
    public init(store: PostgresEventStore, role: String, retryInterval: Duration = .seconds(2)) {
        self.store = store
        self.role = role
        self.retryInterval = retryInterval
    }

    /// Whether this instance holds the lease now.
    public var isLeading: Bool { leading.withLock { $0 } }

    /// Runs `body` whenever this instance holds the lease, cancelling it when the lease is lost, and
    /// tries again every `retryInterval` until the calling task is cancelled.
    public func lead(_ body: @escaping @Sendable () async -> Void) async {
        let (client, logger, key, check) = (
            store.client, store.logger, PostgresLocks.leader(store.location.schema, role), retryInterval
        )
        let timeout = store.location.timeout
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    let acquired =
                        try await PostgresAvailability.bounded(timeout) {
                            try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: logger)
                                .collect().first?.decode(Bool.self)
                        } ?? false
                    guard acquired else { return }
                    self.leading.withLock { $0 = true }
                    logger.info("leader: this instance now runs the \(self.role)")
                    defer { self.leading.withLock { $0 = false } }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { await body() }
                        group.addTask {
                            // The lock lives as long as the session: a failed check means it is gone.
                            while true {
                                try await Task.sleep(for: check)
                                _ = try await PostgresAvailability.bounded(timeout) {
                                    try await connection.query("SELECT 1", logger: logger).collect().count
                                }
                            }
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                    if !Task.isCancelled {
                        _ = try? await connection.query("SELECT pg_advisory_unlock(\(key))", logger: logger).collect()
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "leader lease for the \(role) lost or not reachable; retrying", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: check)
        }
    }
}

extension PostgresEventStore {
    /// Runs `body` holding a session advisory lock named `purpose`, after any other instance's hold
    /// of it ends: work that must not run twice at once, such as the first start's import.
    public func exclusively<Value: Sendable>(_ purpose: String, _ body: @escaping @Sendable () async throws -> Value)
        async throws -> Value
    {
        let (key, logger) = (PostgresLocks.leader(location.schema, purpose), logger)
        return try await client.withConnection { connection in
            _ = try await connection.query("SELECT pg_advisory_lock(\(key))", logger: logger).collect()
            do {
                let value = try await body()
                _ = try await connection.query("SELECT pg_advisory_unlock(\(key))", logger: logger).collect()
                return value
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(key))", logger: logger).collect()
                throw error
            }
        }
    }
}
