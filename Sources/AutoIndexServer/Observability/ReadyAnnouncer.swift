import Foundation
import Logging
import Projections
import ServiceLifecycle

/// Says once, in the log, when the server is ready: every read model has caught up with the log as it
/// was when the server started, so `GET /ready` answers 200. On a first start that is a while after
/// the port opens (the runner applies the whole log), and an operator watching the log wants to know
/// when. Then it hands the memory the catch-up freed back to the system.
struct ReadyAnnouncer: Service {
    let runner: ProjectionRunner
    let address: String
    let started: ContinuousClock.Instant
    let logger: Logger
    var interval: Duration = .milliseconds(100)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while try await !announced() { try await Task.sleep(for: interval) }
        }
        // A service of the group runs until the group stops.
        try? await gracefulShutdown()
    }

    /// Logs the line and answers true once every read model has caught up.
    private func announced() async throws -> Bool {
        let status = try await runner.status()
        guard status.allSatisfy({ $0.lag == 0 }) else { return false }
        let head = status.map(\.head).max() ?? 0
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        // A first start's import and the catch-up leave freed buffers in the allocator's arenas.
        HeapTrimmer.trim()
        let after = String(format: "%.1f", seconds)
        logger.notice(
            "ready: serving http://\(address) with the read models at log position \(head), \(after) s after start")
        return true
    }
}
