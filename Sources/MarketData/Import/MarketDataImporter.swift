import AutoIndexDomain
import EventSourcing
import Foundation

/// Appends market data to the log: a CSV of closes, the ECB's rate file, or the bundled dataset.
///
/// Each run is one atomic append: `RefreshStarted`, the new listings, closes, corrections and rates,
/// and `RefreshCompleted`, so a file is either wholly in the log or not at all. A file with a
/// malformed row appends nothing.
public struct MarketDataImporter: Sendable {
    /// The log.
    public let store: any EventStore
    /// Recorded as the actor of every event.
    public var actor: String

    public init(store: any EventStore, actor: String = "system") {
        self.store = store
        self.actor = actor
    }

    /// Imports a `date,symbol,close` file.
    /// - Parameters:
    ///   - assetClass: how symbols new to the log are listed: `equity` (constituents) or `index`
    ///     (benchmarks). Symbols of the bundled dataset keep their known listing.
    /// - Throws: `MarketDataFileError` (with the line) for a malformed file, appending nothing.
    public func importPriceFile(at url: URL, assetClass: String = "equity", provider: String = "csv") async throws
        -> ImportSummary
    {
        let prices = try PriceFile.parse(try String(contentsOf: url, encoding: .utf8))
        return try await importObservations(prices: prices, fxRates: [], provider: provider, assetClass: assetClass)
    }

    /// Imports a `date,symbol,market_cap` file: market capitalisations for the market-cap sleeve.
    /// - Throws: `MarketDataFileError` (with the line) for a malformed file, appending nothing.
    public func importMarketCapFile(at url: URL, provider: String = "csv") async throws -> ImportSummary {
        let caps = try PriceFile.parse(try String(contentsOf: url, encoding: .utf8), valueColumn: "market_cap")
        return try await importObservations(prices: [], fxRates: [], marketCaps: caps, provider: provider)
    }

    /// Imports an ECB `eurofxref-hist.csv` file.
    /// - Throws: `MarketDataFileError` (with the line) for a malformed file, appending nothing.
    public func importEuroRateFile(at url: URL, provider: String = "ecb-csv") async throws -> ImportSummary {
        let rates = try ECBRateFile.parse(try String(contentsOf: url, encoding: .utf8))
        return try await importObservations(prices: [], fxRates: rates, provider: provider)
    }

    /// Imports the bundled dataset: the 20 stocks, the S&P 500 and the ECB rates, one run each.
    /// - Parameter progress: told what is being imported, for a progress line.
    /// - Returns: each run's summary, and the market data the log holds afterwards.
    public func importBundledDataset(progress: @Sendable (String) -> Void = { _ in }) async throws -> (
        summaries: [ImportSummary], ledger: MarketDataLedger
    ) {
        var ledger = try await store.fold(MarketDataLedger())
        var summaries: [ImportSummary] = []
        progress("importing bundled closes of 20 S&P 500 stocks, 1990-2022")
        let stocks = try PriceFile.parse(try String(contentsOf: try BundledDataset.stockPricesURL, encoding: .utf8))
        summaries.append(try await importObservations(prices: stocks, provider: BundledDataset.source, ledger: &ledger))
        progress("importing bundled S&P 500 index closes, 1990-2022")
        let index = try PriceFile.parse(try String(contentsOf: try BundledDataset.benchmarkPricesURL, encoding: .utf8))
        summaries.append(
            try await importObservations(
                prices: index, provider: BundledDataset.source, assetClass: "index", ledger: &ledger))
        progress("importing bundled ECB euro reference rates, 1999-2026")
        let rates = try ECBRateFile.parse(try String(contentsOf: try BundledDataset.euroRatesURL, encoding: .utf8))
        summaries.append(try await importObservations(fxRates: rates, provider: BundledDataset.source, ledger: &ledger))
        return (summaries, ledger)
    }

    /// Appends whatever of `prices` and `fxRates` the log lacks, in one atomic run.
    ///
    /// Should another writer append to the same streams meanwhile, the ledger is reloaded and the run
    /// planned again, so nothing is duplicated.
    public func importObservations(
        prices: [PriceObservation], fxRates: [FxObservation], marketCaps: [PriceObservation] = [], provider: String,
        assetClass: String = "equity"
    ) async throws -> ImportSummary {
        var ledger = try await store.fold(MarketDataLedger())
        return try await importObservations(
            prices: prices, fxRates: fxRates, marketCaps: marketCaps, provider: provider, assetClass: assetClass,
            ledger: &ledger)
    }

    /// One run against `ledger`, what the caller knows the log holds; it is brought up to date with what
    /// the run appended (or reloaded after a concurrent append), saving a read of the log.
    public func importObservations(
        prices: [PriceObservation] = [], fxRates: [FxObservation] = [], marketCaps: [PriceObservation] = [],
        provider: String, assetClass: String = "equity", ledger: inout MarketDataLedger
    ) async throws -> ImportSummary {
        let refreshId = UUIDText.format(UUIDText.random())
        var attempt = 0
        while true {
            attempt += 1
            let intake = MarketDataIntake(source: provider, fetchId: refreshId)
            let plan = intake.plan(prices: prices, fxRates: fxRates, marketCaps: marketCaps, ledger: ledger) { symbol in
                BundledListings.listing(for: symbol, assetClass: assetClass, source: provider)
            }
            var append = plan.append
            let covered = plan.symbols + Set(fxRates.map(\.currency)).sorted()
            append.parts.insert(
                .init(
                    stream: MarketDataStreams.refresh(refreshId), expectedVersion: .noStream,
                    events: [
                        PlannedEvent(
                            RefreshStarted(refreshId: refreshId, provider: provider, symbols: covered)),
                        PlannedEvent(

                            RefreshCompleted(
                                refreshId: refreshId, provider: provider, pricesAppended: plan.pricesAppended,
                                pricesCorrected: plan.pricesCorrected, fxRatesAppended: plan.fxRatesAppended,
                                creditsUsed: 0)),
                    ]), at: 0)
            let metadata = EventMetadata(actor: actor, correlationId: refreshId, source: provider)
            do {
                let result = try await store.append(try append.request(metadata: metadata))
                ledger.evolve(append, positions: result.positions)
                return ImportSummary(plan, refreshId: refreshId, provider: provider, lastPosition: result.lastPosition)
            } catch EventStoreError.wrongExpectedVersion where attempt < 3 {
                ledger = try await store.fold(MarketDataLedger())
            }
        }
    }
}
