extension TwelveDataAPI {
    /// One batch's series, retrying what may pass on a later try.
    ///
    /// Each try spends one credit per symbol still pending through the limiter. A whole-request failure that may
    /// pass (429, 5xx, timeout, broken connection) is retried for all pending symbols; a per-symbol one only for
    /// that symbol. A 429 also tells the limiter the minute is spent, so the next try waits for the next minute.
    /// - Throws: ``MarketDataError`` when the request as a whole fails for good, after `maxAttempts` tries when it
    ///   was worth retrying; `CancellationError`.
    func series(
        for symbols: [String], from startDate: String?
    ) async throws -> [String: Result<[DailyClose], MarketDataError>] {
        let maxAttempts = max(1, configuration.maxAttempts)
        var results: [String: Result<[DailyClose], MarketDataError>] = [:]
        var pending = symbols
        var requestFailure: MarketDataError?
        var symbolFailures: [String: MarketDataError] = [:]
        for attempt in 1...maxAttempts {
            if attempt > 1 {
                let delay = backoff(beforeRetry: attempt - 1)
                logger.warning(
                    "Retrying TwelveData request",
                    metadata: [
                        "attempt": "\(attempt)", "symbols": "\(pending.joined(separator: ","))",
                        "delay": "\(delay)", "error": "\(requestFailure.map(String.init(describing:)) ?? "per-symbol")",
                    ])
                try await clock.sleep(delay)
            }
            try await limiter.spend(pending.count)
            logger.debug("TwelveData /time_series", metadata: ["symbols": "\(pending.joined(separator: ","))"])
            switch try await send(pending, from: startDate) {
            case .failed(let error):
                guard error.isRetryable else { throw error }
                if error.kind == .rateLimited { await limiter.minuteExhausted() }
                requestFailure = error
            case .series(let replies):
                requestFailure = nil
                symbolFailures = [:]
                for symbol in pending {
                    let reply =
                        replies[symbol]
                        ?? .failure(.malformedTwelveData("reply has no entry for \(symbol)", symbol: symbol))
                    if case .failure(let error) = reply, error.isRetryable {
                        symbolFailures[symbol] = error
                    } else {
                        results[symbol] = reply
                    }
                }
                if symbolFailures.values.contains(where: { $0.kind == .rateLimited }) {
                    await limiter.minuteExhausted()
                }
                pending = pending.filter { symbolFailures[$0] != nil }
                if pending.isEmpty { return results }
            }
        }
        if let requestFailure { throw requestFailure.afterAttempts(maxAttempts) }
        for (symbol, error) in symbolFailures { results[symbol] = .failure(error.afterAttempts(maxAttempts)) }
        return results
    }

    /// The wait before retry `retry` (1 for the first): `backoffBase` doubled each time, at most `backoffCap`.
    func backoff(beforeRetry retry: Int) -> Duration {
        var delay = configuration.backoffBase
        for _ in 1..<max(1, retry) {
            delay *= 2
            if delay >= configuration.backoffCap { break }
        }
        return min(delay, configuration.backoffCap)
    }
}
