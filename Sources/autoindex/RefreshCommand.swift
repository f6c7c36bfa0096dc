import ArgumentParser
import AsyncHTTPClient
import AutoIndexDomain
import Foundation
import IndexService
import MarketData

/// `autoindex refresh`: fetch what is new from TwelveData, then run the index policy.
struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch new closes and FX rates from TwelveData (key from TWELVEDATA_API_KEY), then update the index.",
        discussion: """
            Every listed asset is refreshed from the last date the log holds (a changed close there becomes a \
            PriceCorrected), and every tracked currency against the euro. The run is recorded as RefreshStarted, \
            then RefreshCompleted or RefreshFailed with the provider's error.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Only these symbols, comma separated (default: every listed asset).")
    var symbols: String?

    @Option(
        help:
            "The TwelveData plan, for its credit limits: basic, grow55, grow144, grow377, pro610, pro987, pro1597, ultra2584, ultra4181, ultra10946."
    )
    var plan = "basic"

    @Option(name: .customLong("base-url"), help: "TwelveData's address (default https://api.twelvedata.com).")
    var baseURL: String?

    @Flag(help: "Do not run the index policy after the refresh.")
    var noIndexUpdate = false

    func run() async throws {
        guard var configuration = TwelveDataConfiguration.fromEnvironment(ProcessInfo.processInfo.environment) else {
            throw ValidationError("set \(TwelveDataConfiguration.apiKeyVariable) to your TwelveData API key")
        }
        guard let tier = TwelveDataPlan.named[plan] else {
            throw ValidationError(
                "unknown plan \(plan): use one of \(TwelveDataPlan.named.keys.sorted().joined(separator: ", "))")
        }
        configuration.plan = tier
        if let baseURL { configuration.baseURL = baseURL }
        let log = try await database.openLog(.create)
        defer { log.close() }
        let store = log.store
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let outcome: RefreshOutcome
        do {
            let refresh = MarketDataRefresh(store: store, client: .twelveData(configuration, httpClient: httpClient))
            outcome = try await refresh.run(symbols: symbols.map(PriceHistoryFile.symbols))
            try await httpClient.shutdown()
        } catch {
            try await httpClient.shutdown()
            throw error
        }
        try printJSONLine(outcome)
        if !noIndexUpdate { try printJSONLine(try await IndexUpdater(store: store).update()) }
        try await settlePortfolios(store)
        if !outcome.completed { throw ExitCode.failure }
    }
}
