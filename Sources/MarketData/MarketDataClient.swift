/// Outside-world market data as a struct of closures: a live TwelveData value
/// (``twelveData(_:httpClient:limiter:clock:logger:)``) and test values (``canned(provider:dailyCloses:fxRates:)``,
/// ``unimplemented``).
public struct MarketDataClient: Sendable {
    /// Which provider answers, as recorded in events' `source`, e.g. `twelvedata`.
    public var provider: String

    /// Daily closes per symbol from `startDate` (inclusive, `YYYY-MM-DD`; nil = the provider's full history up to
    /// its output limit) to the latest, ascending by date.
    ///
    /// Per-symbol failures are per-symbol results; a failure of the whole call throws ``MarketDataError``.
    /// - Important: Every symbol asked for has an entry in the result.
    public var dailyCloses:
        @Sendable (_ symbols: [String], _ startDate: String?) async throws -> [String: Result<
            [DailyClose], MarketDataError
        >]

    /// Daily FX closes: units of `currency` per 1 `base` (ECB convention: EUR/USD = USD per EUR), per currency.
    ///
    /// Keyed by currency (`USD`), ascending by date, from `startDate` as in ``dailyCloses``.
    public var dailyFxRates:
        @Sendable (_ currencies: [String], _ base: String, _ startDate: String?) async throws -> [String: Result<
            [DailyClose], MarketDataError
        >]

    /// API credits spent by this client so far.
    public var creditsUsed: @Sendable () async -> Int

    /// Creates a client from its closures.
    public init(
        provider: String,
        dailyCloses:
            @escaping @Sendable (_ symbols: [String], _ startDate: String?) async throws -> [String: Result<
                [DailyClose], MarketDataError
            >],
        dailyFxRates:
            @escaping @Sendable (_ currencies: [String], _ base: String, _ startDate: String?) async throws ->
            [String: Result<[DailyClose], MarketDataError>],
        creditsUsed: @escaping @Sendable () async -> Int
    ) {
        self.provider = provider
        self.dailyCloses = dailyCloses
        self.dailyFxRates = dailyFxRates
        self.creditsUsed = creditsUsed
    }
}
