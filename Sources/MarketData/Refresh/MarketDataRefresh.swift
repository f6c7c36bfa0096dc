import AutoIndexDomain
import EventSourcing
import Foundation

/// One refresh run against a market-data provider: fetches only what is new for every listed asset
/// and tracked currency, and appends it with the run's outcome.
///
/// `RefreshStarted` is appended first, on its own, so a run that dies midway stays visible as
/// running. The data and `RefreshCompleted` then land in one atomic append. When the whole call
/// fails, `RefreshFailed` records the provider's error; when only some symbols fail, the data of the
/// others is appended together with `RefreshFailed` naming the failures.
public struct MarketDataRefresh: Sendable {
    public let store: any EventStore
    public let client: MarketDataClient
    public var actor: String

    public init(store: any EventStore, client: MarketDataClient, actor: String = "system") {
        self.store = store
        self.client = client
        self.actor = actor
    }

    /// Runs one refresh.
    /// - Parameters:
    ///   - refreshId: the run's id (a job may choose it up front to answer 202 with it).
    ///   - symbols: the symbols to refresh; every listed asset when nil.
    /// - Returns: what was appended and whether the run failed.
    public func run(refreshId: String = UUIDText.format(UUID()), symbols: [String]? = nil) async throws
        -> RefreshOutcome
    {
        let ledger = try await store.fold(MarketDataLedger())
        let start = RefreshStart.decide(
            refreshId: refreshId, provider: client.provider, symbols: symbols, ledger: ledger)
        let symbols = start.symbols
        let currencies = start.currencies
        let metadata = EventMetadata(actor: actor, correlationId: refreshId, source: client.provider)
        _ = try await store.append(try start.plan.request(metadata: metadata))

        var prices: [PriceObservation] = []
        var rates: [FxObservation] = []
        var failures: [MarketDataError] = []
        do {
            // Re-read from the last date held: a changed close on it becomes a correction.
            let firstDate = symbols.compactMap { ledger.lastPriceDate(of: $0) }.min()
            for (symbol, result) in try await client.dailyCloses(symbols, firstDate).sorted(by: { $0.key < $1.key }) {
                switch result {
                case .success(let closes):
                    let since = ledger.lastPriceDate(of: symbol) ?? ""
                    prices += closes.filter { $0.date >= since }.map {
                        PriceObservation(symbol: symbol, date: $0.date, close: $0.close)
                    }
                case .failure(let error): failures.append(error)
                }
            }
            let firstFxDate = currencies.compactMap { ledger.lastFxDate(of: $0) }.min()
            let fx = try await client.dailyFxRates(currencies, ECBRateFile.baseCurrency, firstFxDate)
            for (currency, result) in fx.sorted(by: { $0.key < $1.key }) {
                switch result {
                case .success(let closes):
                    rates += closes.map {
                        FxObservation(
                            currency: currency, baseCurrency: ECBRateFile.baseCurrency, date: $0.date, rate: $0.close)
                    }
                case .failure(let error): failures.append(error)
                }
            }
        } catch let error as MarketDataError {
            return try await finish(
                refreshId, ledger: ledger, prices: [], rates: [], failures: [error], metadata: metadata)
        }
        return try await finish(
            refreshId, ledger: ledger, prices: prices, rates: rates, failures: failures, metadata: metadata)
    }

    private func finish(
        _ refreshId: String, ledger: MarketDataLedger, prices: [PriceObservation], rates: [FxObservation],
        failures: [MarketDataError], metadata: EventMetadata
    ) async throws -> RefreshOutcome {
        let credits = await client.creditsUsed()
        var attempt = 0
        var market = ledger
        while true {
            attempt += 1
            let plan = MarketDataIntake(source: client.provider, fetchId: refreshId).plan(
                prices: prices, fxRates: rates, ledger: market
            ) { symbol in BundledListings.listing(for: symbol, source: client.provider) }
            let outcome: any DomainEvent
            if failures.isEmpty {
                outcome =
                    RefreshCompleted(
                        refreshId: refreshId, provider: client.provider, pricesAppended: plan.pricesAppended,
                        pricesCorrected: plan.pricesCorrected, fxRatesAppended: plan.fxRatesAppended,
                        creditsUsed: credits)
            } else {
                outcome =
                    RefreshFailed(
                        refreshId: refreshId, provider: client.provider,
                        error: failures.map(\.description).joined(separator: "; "),
                        errorCode: failures.count == 1 ? failures[0].code : nil, creditsUsed: credits)
            }
            var append = plan.append
            append.parts.append(
                .init(
                    stream: MarketDataStreams.refresh(refreshId), expectedVersion: .exact(1),
                    events: [PlannedEvent(outcome)]))
            do {
                let result = try await store.append(try append.request(metadata: metadata))
                return RefreshOutcome(
                    summary: ImportSummary(
                        plan, refreshId: refreshId, provider: client.provider, lastPosition: result.lastPosition),
                    creditsUsed: credits, errors: failures.map(\.description))
            } catch EventStoreError.wrongExpectedVersion where attempt < 3 {
                market = try await store.fold(MarketDataLedger())
            }
        }
    }
}

/// What a refresh run appended, and what failed.
public struct RefreshOutcome: Sendable, Hashable, Codable {
    public var summary: ImportSummary
    public var creditsUsed: Int
    /// The provider's errors, empty when the run completed.
    public var errors: [String]

    /// Whether every symbol and currency was fetched.
    public var completed: Bool { errors.isEmpty }

    enum CodingKeys: String, CodingKey {
        case summary
        case creditsUsed = "credits_used"
        case errors
    }
}
