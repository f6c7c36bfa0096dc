import AsyncHTTPClient
import Logging

extension MarketDataClient {
    /// The live client: daily series from TwelveData's `/time_series`.
    ///
    /// Symbols go in batches of ``TwelveDataConfiguration/batchSize`` (one credit each); every request of this
    /// client spends through one ``CreditLimiter``, which waits for the next minute when the minute's credits are
    /// spent and fails fast with ``MarketDataError/Kind/creditsExhausted`` when the day's are. The key travels only
    /// in the `Authorization: apikey <KEY>` header, never in a URL, a log line or an error.
    /// - Parameters:
    ///   - configuration: Key, address, plan, retries, timeout and batch size.
    ///   - httpClient: The HTTP client to send with; the caller owns it and shuts it down.
    ///   - limiter: The credit limiter to share, e.g. with another client on the same key; nil for a new one.
    ///   - clock: Time and waiting for the limiter and the retries.
    ///   - logger: Where retries and requests are logged, never with the key.
    /// - Returns: The client. `creditsUsed` reports the limiter's total.
    /// - Important: Daily series are capped at 5,000 rows per symbol (TwelveData's `outputsize` limit); with an old
    ///   `startDate`, or none, only the latest 5,000 trading days come back.
    public static func twelveData(
        _ configuration: TwelveDataConfiguration,
        httpClient: HTTPClient,
        limiter: CreditLimiter? = nil,
        clock: MarketDataClock = .live,
        logger: Logger = Logger(label: "autoindex.marketdata.twelvedata")
    ) -> MarketDataClient {
        let limiter = limiter ?? CreditLimiter(plan: configuration.plan, clock: clock)
        let api = TwelveDataAPI(
            configuration: configuration, httpClient: httpClient, limiter: limiter, clock: clock, logger: logger)
        return MarketDataClient(
            provider: TwelveDataAPI.providerID,
            dailyCloses: { symbols, startDate in try await api.dailyCloses(symbols, from: startDate) },
            dailyFxRates: { currencies, base, startDate in
                try await api.dailyFxRates(currencies, base: base, from: startDate)
            },
            creditsUsed: { await limiter.creditsUsed }
        )
    }
}
