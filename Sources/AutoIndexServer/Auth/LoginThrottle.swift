import Foundation

/// Counts failed logins per account and per client in a sliding window and refuses further attempts
/// once either has too many, until the oldest failure leaves the window.
///
/// Kept in memory: a restart forgets it, and each instance counts on its own.
actor LoginThrottle {
    private let settings: AuthSettings
    private var accountFailures: [String: [Date]] = [:]
    private var clientFailures: [String: [Date]] = [:]

    init(settings: AuthSettings) {
        self.settings = settings
    }

    /// Seconds to wait before trying again, or nil when an attempt may go ahead.
    func retryAfter(account: String, client: String) -> Int? {
        let now = settings.now()
        let waits = [
            wait(&accountFailures, account, limit: settings.failuresPerAccount, now: now),
            wait(&clientFailures, client, limit: settings.failuresPerClient, now: now),
        ].compactMap { $0 }
        return waits.max()
    }

    func recordFailure(account: String, client: String) {
        let now = settings.now()
        accountFailures[account, default: []].append(now)
        clientFailures[client, default: []].append(now)
    }

    /// A successful login clears the account's failures (not the client's).
    func recordSuccess(account: String) {
        accountFailures[account] = nil
    }

    private func wait(_ failures: inout [String: [Date]], _ key: String, limit: Int, now: Date) -> Int? {
        let window = Double(settings.throttleWindow.components.seconds)
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
    }
}
