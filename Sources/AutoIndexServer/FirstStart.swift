import AutoIndexDomain
import EventSourcing
import IndexService
import Logging
import MarketData

/// The embedded default: a log without market data gets the bundled dataset, the default strategy and
/// the index computed over it, with a progress line for each step.
struct FirstStart {
    let store: any EventStore
    let logger: Logger

    /// - Returns: the market data in the log, for the desk to start from.
    @discardableResult
    func run() async throws -> MarketDataLedger {
        var market = try await store.fold(MarketDataLedger())
        if market.assets.isEmpty {
            logger.notice("first start: importing the bundled dataset (about 396,000 events)")
            let progress: @Sendable (String) -> Void = { [logger] line in logger.notice("\(line)") }
            market = try await MarketDataImporter(store: store).importBundledDataset(progress: progress).ledger
        }
        logger.notice("valuing the index over the market data in the log")
        let summary = try await IndexUpdater(store: store).update(market: market)
        logger.notice(
            "index up to date",
            metadata: [
                "valued_days": "\(summary.valuedDays)", "rebalances": "\(summary.rebalances)",
                "last_valued_date": "\(summary.lastValuedDate ?? "none")",
            ])
        return market
    }
}
