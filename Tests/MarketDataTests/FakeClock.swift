import Foundation
import MarketData
import Synchronization

/// A wall clock that stands still until slept on; sleeping moves it forward at once and is recorded.
final class FakeClock: Sendable {
    /// 2024-01-02T10:00:00Z, the start of a minute.
    static let tuesdayTenAM = Date(timeIntervalSince1970: 1_704_189_600)

    private let state: Mutex<(now: Date, sleeps: [Duration])>

    init(now: Date = FakeClock.tuesdayTenAM) {
        state = Mutex((now, []))
    }

    var now: Date { state.withLock { $0.now } }
    /// Every wait asked for, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    var marketDataClock: MarketDataClock {
        MarketDataClock(now: { self.now }, sleep: { self.sleep($0) })
    }

    /// Moves the clock without recording a sleep.
    func advance(by seconds: TimeInterval) {
        state.withLock { $0.now += seconds }
    }

    private func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += Double(seconds) + Double(attoseconds) / 1e18
        }
    }
}
