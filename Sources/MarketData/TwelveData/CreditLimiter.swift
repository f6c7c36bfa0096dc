import Foundation

/// Keeps one client within its plan's API credits: per minute by waiting, per day by refusing.
///
/// Minutes and days are calendar minutes and UTC days of the injected ``MarketDataClock``, as TwelveData resets
/// credits at each minute. Every request of a client spends through the same limiter, retries included, so
/// ``creditsUsed`` is an upper bound on what TwelveData charged (it may not charge for failed requests).
public actor CreditLimiter {
    /// The tier whose limits apply.
    public let plan: TwelveDataPlan
    private let clock: MarketDataClock
    private var minute: Int64 = .min
    private var spentThisMinute = 0
    private var day: Int64 = .min
    private var spentToday = 0
    /// Credits spent through this limiter since it was created.
    public private(set) var creditsUsed = 0

    /// Creates a limiter.
    /// - Parameters:
    ///   - plan: The tier whose limits apply.
    ///   - clock: Where the time and the waiting come from.
    public init(plan: TwelveDataPlan, clock: MarketDataClock = .live) {
        self.plan = plan
        self.clock = clock
    }

    /// Spends `credits`, first waiting for the next minute while this minute's credits are spent.
    /// - Parameter credits: What the request about to be sent costs.
    /// - Throws: ``MarketDataError`` of kind ``MarketDataError/Kind/creditsExhausted`` at once when the day's
    ///   credits cannot cover it, or when one request needs more than a minute's credits; `CancellationError`
    ///   when cancelled while waiting.
    public func spend(_ credits: Int) async throws {
        guard credits <= plan.creditsPerMinute else {
            throw exhausted(
                "a request of \(credits) credits exceeds the \(plan.creditsPerMinute) a minute of plan \(plan.name)")
        }
        while true {
            let seconds = clock.now().timeIntervalSince1970
            roll(to: seconds)
            if let perDay = plan.creditsPerDay, spentToday + credits > perDay {
                throw exhausted(
                    "\(spentToday) of \(perDay) daily credits of plan \(plan.name) spent today (UTC); "
                        + "this request needs \(credits) more")
            }
            if spentThisMinute + credits <= plan.creditsPerMinute {
                spentThisMinute += credits
                spentToday += credits
                creditsUsed += credits
                return
            }
            try await clock.sleep(Self.untilNextMinute(from: seconds))
        }
    }

    /// Treats the current minute as spent, after the provider said so (a 429), so the next ``spend(_:)`` waits.
    public func minuteExhausted() {
        roll(to: clock.now().timeIntervalSince1970)
        spentThisMinute = max(spentThisMinute, plan.creditsPerMinute)
    }

    private func roll(to seconds: Double) {
        let currentMinute = Int64((seconds / 60).rounded(.down))
        if currentMinute != minute {
            minute = currentMinute
            spentThisMinute = 0
        }
        let currentDay = Int64((seconds / 86_400).rounded(.down))
        if currentDay != day {
            day = currentDay
            spentToday = 0
        }
    }

    private static func untilNextMinute(from seconds: Double) -> Duration {
        let next = ((seconds / 60).rounded(.down) + 1) * 60
        return .milliseconds(Int64(((next - seconds) * 1000).rounded(.up)))
    }

    private func exhausted(_ message: String) -> MarketDataError {
        MarketDataError(kind: .creditsExhausted, message: message, provider: TwelveDataAPI.providerName)
    }
}
