import EventSourcing

/// Decides which market-data events a batch of observations adds to the log: `AssetListed` for a
/// symbol seen for the first time, `PriceFetched` for a close the log lacks, `PriceCorrected` when a
/// close differs from the one in force, `FxRateFetched` for a new rate. A figure the log already
/// holds (the same decimal, whatever its trailing zeros) adds nothing, so imports and refreshes can be
/// repeated safely.
public struct MarketDataIntake: Sendable {
    /// What the events record as their `source`: `bundled`, `csv`, `twelvedata` …
    public var source: String
    /// The run that fetched the data; also the id of its `refresh-<id>` stream.
    public var fetchId: String

    public init(source: String, fetchId: String) {
        self.source = source
        self.fetchId = fetchId
    }

    /// The outcome of planning: the events per stream and what they amount to.
    public struct Plan: Sendable, Hashable {
        public var append: PlannedAppend
        public var assetsListed = 0
        public var pricesAppended = 0
        public var pricesCorrected = 0
        public var fxRatesAppended = 0
        public var marketCapsReported = 0
        /// The symbols the observations covered, sorted.
        public var symbols: [String] = []
    }

    /// Plans the events for `prices` and `fxRates` against what `ledger` holds.
    /// - Parameters:
    ///   - listing: the `AssetListed` event for a symbol the ledger does not list yet.
    /// - Returns: per stream, listings first, then closes and corrections by date; FX by date.
    /// - Parameters:
    ///   - marketCaps: market capitalisations (the observation's `close` holds the figure); a figure that
    ///     differs from the one held for its date is reported again and supersedes it.
    public func plan(
        prices: [PriceObservation], fxRates: [FxObservation], marketCaps: [PriceObservation] = [],
        ledger: MarketDataLedger, listing: (String) -> AssetListed
    ) -> Plan {
        var plan = Plan(append: PlannedAppend())
        var events: [String: [PlannedEvent]] = [:]
        var pending: [String: [String: String]] = [:]
        for price in prices.sorted(by: { ($0.symbol, $0.date) < ($1.symbol, $1.date) }) {
            if events[price.symbol] == nil {
                events[price.symbol] = []
                if ledger.assets[price.symbol] == nil {
                    events[price.symbol]?.append(PlannedEvent(listing(price.symbol)))
                    plan.assetsListed += 1
                }
            }
            let inForce = pending[price.symbol]?[price.date] ?? ledger.closes[price.symbol]?[price.date]
            if let inForce {
                guard !DecimalText.sameFigure(inForce, price.close) else { continue }
                events[price.symbol]?.append(
                    PlannedEvent(

                        PriceCorrected(
                            symbol: price.symbol, date: price.date, oldClose: inForce, newClose: price.close,
                            source: source, fetchId: fetchId)))
                plan.pricesCorrected += 1
            } else {
                events[price.symbol]?.append(
                    PlannedEvent(

                        PriceFetched(
                            symbol: price.symbol, date: price.date, close: price.close, source: source,
                            fetchId: fetchId)))
                plan.pricesAppended += 1
            }
            pending[price.symbol, default: [:]][price.date] = price.close
        }
        var pendingCaps: [String: [String: String]] = [:]
        for cap in marketCaps.sorted(by: { ($0.symbol, $0.date) < ($1.symbol, $1.date) }) {
            if events[cap.symbol] == nil {
                events[cap.symbol] = []
                if ledger.assets[cap.symbol] == nil {
                    events[cap.symbol]?.append(PlannedEvent(listing(cap.symbol)))
                    plan.assetsListed += 1
                }
            }
            let held = pendingCaps[cap.symbol]?[cap.date] ?? ledger.marketCaps[cap.symbol]?[cap.date]
            if let held, DecimalText.sameFigure(held, cap.close) { continue }
            events[cap.symbol]?.append(
                PlannedEvent(

                    MarketCapReported(
                        symbol: cap.symbol, date: cap.date, marketCap: cap.close, source: source, fetchId: fetchId)
                ))
            plan.marketCapsReported += 1
            pendingCaps[cap.symbol, default: [:]][cap.date] = cap.close
        }
        for symbol in events.keys.sorted() {
            guard let symbolEvents = events[symbol], !symbolEvents.isEmpty else { continue }
            let stream = MarketDataStreams.asset(symbol)
            plan.append.parts.append(
                .init(stream: stream, expectedVersion: .after(ledger.version(of: stream)), events: symbolEvents))
        }
        plan.symbols = events.keys.sorted()

        var rateEvents: [String: [PlannedEvent]] = [:]
        var pendingRates: [String: Set<String>] = [:]
        for rate in fxRates.sorted(by: { ($0.currency, $0.date) < ($1.currency, $1.date) }) {
            // ECB rates are published once and never revised; a rate the log holds stays as recorded.
            guard ledger.fxRates[rate.currency]?[rate.date] == nil,
                pendingRates[rate.currency, default: []].insert(rate.date).inserted
            else { continue }
            rateEvents[rate.currency, default: []].append(
                PlannedEvent(

                    FxRateFetched(
                        currency: rate.currency, baseCurrency: rate.baseCurrency, date: rate.date, rate: rate.rate,
                        source: source, fetchId: fetchId)))
            plan.fxRatesAppended += 1
        }
        for currency in rateEvents.keys.sorted() {
            guard let currencyEvents = rateEvents[currency] else { continue }
            let stream = MarketDataStreams.fx(currency)
            plan.append.parts.append(
                .init(stream: stream, expectedVersion: .after(ledger.version(of: stream)), events: currencyEvents))
        }
        return plan
    }
}
