import Synchronization

extension MarketDataClient {
    /// A client that answers from memory, for tests of code that uses a ``MarketDataClient``.
    ///
    /// Series are filtered to dates on or after `startDate` and sorted ascending. A symbol or pair without a series
    /// gets a per-symbol ``MarketDataError/Kind/notFound`` result. Each symbol or currency asked for costs one credit.
    /// - Parameters:
    ///   - provider: The provider name to report.
    ///   - dailyCloses: Series per symbol.
    ///   - fxRates: Series per pair, keyed `BASE/CURRENCY`, e.g. `EUR/USD` (USD per EUR).
    /// - Returns: The client.
    public static func canned(
        provider: String = "canned",
        dailyCloses: [String: [DailyClose]] = [:],
        fxRates: [String: [DailyClose]] = [:]
    ) -> MarketDataClient {
        let credits = Mutex(0)
        @Sendable func answer(
            _ keys: [(key: String, series: String)], table: [String: [DailyClose]], startDate: String?
        ) -> [String: Result<[DailyClose], MarketDataError>] {
            credits.withLock { $0 += keys.count }
            var results: [String: Result<[DailyClose], MarketDataError>] = [:]
            for (key, series) in keys {
                guard let closes = table[series] else {
                    let error = MarketDataError(
                        kind: .notFound, message: "no canned series for \(series)", symbol: series, provider: provider)
                    results[key] = .failure(error)
                    continue
                }
                let kept = closes.filter { close in startDate.map { close.date >= $0 } ?? true }
                results[key] = .success(kept.sorted { $0.date < $1.date })
            }
            return results
        }
        return MarketDataClient(
            provider: provider,
            dailyCloses: { symbols, startDate in
                answer(symbols.map { ($0, $0) }, table: dailyCloses, startDate: startDate)
            },
            dailyFxRates: { currencies, base, startDate in
                answer(currencies.map { ($0, "\(base)/\($0)") }, table: fxRates, startDate: startDate)
            },
            creditsUsed: { credits.withLock { $0 } }
        )
    }

    /// A client whose every fetch throws, for tests that must not touch market data.
    public static let unimplemented = MarketDataClient(
        provider: "unimplemented",
        dailyCloses: { _, _ in throw unimplementedError("dailyCloses") },
        dailyFxRates: { _, _, _ in throw unimplementedError("dailyFxRates") },
        creditsUsed: { 0 }
    )

    private static func unimplementedError(_ endpoint: String) -> MarketDataError {
        MarketDataError(
            kind: .badRequest, message: "MarketDataClient.\(endpoint) is unimplemented in this test",
            provider: "unimplemented")
    }
}
