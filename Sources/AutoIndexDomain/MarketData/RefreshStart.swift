import EventSourcing

/// The decider that starts a market-data refresh: what it will ask the provider for, and the
/// `RefreshStarted` that opens its stream.
public struct RefreshStart: Sendable, Hashable {
    /// The currencies a log without FX rates refreshes against the euro.
    public static let defaultCurrencies = ["USD", "GBP", "JPY", "CHF"]

    /// The symbols to fetch closes of.
    public var symbols: [String]
    /// The currencies to fetch euro rates of.
    public var currencies: [String]
    /// `RefreshStarted` on a new `refresh-<id>` stream (a second start of one id cannot land).
    public var plan: PlannedAppend

    /// Starts refresh `refreshId` from `provider` over `ledger`: the given symbols, or every listed
    /// asset; the currencies the log holds, or ``defaultCurrencies``.
    public static func decide(refreshId: String, provider: String, symbols: [String]?, ledger: MarketDataLedger)
        -> RefreshStart
    {
        let symbols = symbols ?? ledger.assets.keys.sorted()
        let started = RefreshStarted(refreshId: refreshId, provider: provider, symbols: symbols)
        return RefreshStart(
            symbols: symbols,
            currencies: ledger.fxRates.isEmpty ? defaultCurrencies : ledger.fxRates.keys.sorted(),
            plan: PlannedAppend([
                .init(
                    stream: MarketDataStreams.refresh(refreshId), expectedVersion: .noStream,
                    events: [PlannedEvent(started)])
            ]))
    }
}
