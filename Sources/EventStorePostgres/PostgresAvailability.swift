import EventSourcing
import Logging
import PostgresNIO
import Synchronization

/// Bounds every wait on the database and tells "the database is not there" from real errors.
enum PostgresAvailability {
    /// Runs `body`, failing with `EventStoreError.unavailable` when it has not finished within
    /// `timeout` or fails for want of a connection. The caller is answered at the deadline even when
    /// `body` is stuck on a connection that never answers; `body` is cancelled and finishes on its own.
    static func bounded<Value: Sendable>(
        _ timeout: Duration, _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let answered = Mutex(false)
        let work = Mutex<Task<Void, Never>?>(nil)
        let timer = Mutex<Task<Void, Never>?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let answer: @Sendable (Result<Value, any Error>) -> Void = { result in
                    let first = answered.withLock { done -> Bool in
                        defer { done = true }
                        return !done
                    }
                    guard first else { return }
                    work.withLock { $0?.cancel() }
                    timer.withLock { $0?.cancel() }
                    continuation.resume(with: result.mapError(classify))
                }
                work.withLock {
                    $0 = Task {
                        do { answer(.success(try await body())) } catch { answer(.failure(error)) }
                    }
                }
                timer.withLock {
                    $0 = Task {
                        guard (try? await Task.sleep(for: timeout)) != nil else { return }
                        answer(.failure(EventStoreError.unavailable("no answer within \(timeout.seconds) s")))
                    }
                }
            }
        } onCancel: {
            work.withLock { $0?.cancel() }
            timer.withLock { $0?.cancel() }
        }
    }

    /// `EventStoreError.unavailable` for errors that mean the database cannot be reached or is
    /// restarting; every other error as it is.
    static func classify(_ error: any Error) -> any Error {
        let error = unwrapped(error)
        guard let error = error as? PSQLError else { return error }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
            .queryCancelled:
            return EventStoreError.unavailable(describe(error))
        case .server:
            // Class 08: connection exceptions; 57P0x: the server is shutting down or starting; 53300: too
            // many connections.
            let state = error.serverInfo?[.sqlState] ?? ""
            if state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300" {
                return EventStoreError.unavailable(describe(error))
            }
            return error
        default:
            return error
        }
    }

    /// Runs `body` in a transaction (committed when it returns, rolled back when it throws), and
    /// throws what went wrong itself rather than postgres-nio's wrapper.
    @discardableResult
    static func transaction<Value>(
        _ connection: PostgresConnection, logger: Logger,
        _ body: (PostgresConnection) async throws -> sending Value
    ) async throws -> sending Value {
        do {
            return try await connection.withTransaction(logger: logger, body)
        } catch {
            throw unwrapped(error)
        }
    }

    /// The error inside a failed transaction: what its body threw, else what BEGIN or COMMIT did.
    static func unwrapped(_ error: any Error) -> any Error {
        guard let failed = error as? PostgresTransactionError else { return error }
        return failed.closureError ?? failed.beginError ?? failed.commitError ?? error
    }

    /// A short account of a database error: the server's message and SQLSTATE, else the network's
    /// error, else the client's code.
    static func describe(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] {
            return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}

extension Duration {
    /// Whole seconds, for messages.
    var seconds: Int64 { components.seconds }
}
