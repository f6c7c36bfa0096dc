import Foundation

/// The time of day and a way to wait, for the market-data client's credit limiter and retries; a struct of closures
/// so tests can run minutes in microseconds. (EventSourcing's `WallClock` only tells the time.)
public struct MarketDataClock: Sendable {
    /// The current instant.
    public var now: @Sendable () -> Date
    /// Suspends for the given duration; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a clock from its closures.
    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The system clock and `Task.sleep`.
    public static let live = MarketDataClock(now: { Date() }, sleep: { try await Task.sleep(for: $0) })
}
