import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import MarketData
import Projections
import Testing

/// Importing files into the log: new closes only, corrections for changed ones, all or nothing.
@Suite("Market data import")
struct MarketDataImportTests {
    private func write(_ text: String, to path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("an import appends listings and closes, and a repeated import appends no price")
    func importsOnce() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let importer = MarketDataImporter(store: store)
        let file = try write(
            "date,symbol,close\n2024-01-02,AAPL,185.640\n2024-01-03,AAPL,184.25\n2024-01-02,ZZZ,10\n",
            to: scratch.path("prices.csv"))

        let first = try await importer.importPriceFile(at: file)
        #expect(first.assetsListed == 2)
        #expect(first.pricesAppended == 3)
        #expect(first.pricesCorrected == 0)
        let events = try await store.read(after: 0, limit: 100)
        #expect(
            events.map { "\($0.stream) \($0.type)" } == [
                "refresh-\(first.refreshId) RefreshStarted", "refresh-\(first.refreshId) RefreshCompleted",
                "asset-AAPL AssetListed", "asset-AAPL PriceFetched", "asset-AAPL PriceFetched",
                "asset-ZZZ AssetListed", "asset-ZZZ PriceFetched",
            ])
        let apple = try events[2].decode(AssetListed.self)
        #expect(apple.name == "Apple Inc." && apple.sector == "Information Technology" && apple.assetClass == "equity")
        #expect(try events[3].decode(PriceFetched.self).close == "185.640")
        #expect(events.allSatisfy { $0.metadata.correlationId == first.refreshId })
        try PayloadDump.write(events, name: "market-data-import")

        let again = try await importer.importPriceFile(at: file)
        #expect(again.pricesAppended == 0 && again.assetsListed == 0 && again.pricesCorrected == 0)
        #expect(try await store.headPosition() == 9, "only the second run's start and completion")
    }

    @Test("a changed close becomes PriceCorrected with the old and new figures; the same figure is skipped")
    func correctsChangedClose() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let importer = MarketDataImporter(store: store)
        _ = try await importer.importPriceFile(
            at: try write(
                "date,symbol,close\n2024-01-02,AAPL,185.64\n2024-01-03,AAPL,184.25\n", to: scratch.path("a.csv")))
        let second = try await importer.importPriceFile(
            at: try write(
                "date,symbol,close\n2024-01-02,AAPL,185.640\n2024-01-03,AAPL,184.30\n2024-01-04,AAPL,181.91\n",
                to: scratch.path("b.csv")))
        #expect(second.pricesAppended == 1)
        #expect(second.pricesCorrected == 1)
        let corrections = try await store.read(after: 0, limit: 100, filter: EventFilter(types: ["PriceCorrected"]))
        let correction = try #require(corrections.first).decode(PriceCorrected.self)
        #expect(
            correction
                == PriceCorrected(
                    symbol: "AAPL", date: "2024-01-03", oldClose: "184.25", newClose: "184.30", source: "csv",
                    fetchId: second.refreshId))

        let runner = ProjectionRunner(projectors: ShippedProjectors.all, store: store, database: store.database)
        try await runner.prepare()
        try await runner.catchUp()
        let prices = try await AssetPriceQueries(database: store.database).prices(symbol: "AAPL")
        #expect(prices.map(\.close) == ["185.64", "184.30", "181.91"])
        let runs = try await RefreshStatusQueries(database: store.database).recent()
        #expect(runs.map(\.status) == ["completed", "completed"])
        #expect(runs.first?.pricesCorrected == 1 && runs.first?.pricesAppended == 1)
    }

    @Test("a ledger carried through runs equals the ledger read back from the log")
    func carriedLedgerMatchesLog() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let importer = MarketDataImporter(store: store)
        var ledger = try await store.fold(MarketDataLedger())
        _ = try await importer.importObservations(
            prices: [
                PriceObservation(symbol: "AAPL", date: "2024-01-02", close: "185.64"),
                PriceObservation(symbol: "SPX", date: "2024-01-02", close: "4742.83"),
            ], provider: "csv", ledger: &ledger)
        _ = try await importer.importObservations(
            prices: [PriceObservation(symbol: "AAPL", date: "2024-01-02", close: "185.70")],
            fxRates: [FxObservation(currency: "USD", baseCurrency: "EUR", date: "2024-01-02", rate: "1.0956")],
            marketCaps: [PriceObservation(symbol: "AAPL", date: "2024-01-02", close: "2870000000000")], provider: "csv",
            ledger: &ledger)
        let reread = try await store.fold(MarketDataLedger())
        #expect(ledger == reread)
        #expect(ledger.lastPosition == 11, "the rate at 11; the run's refresh events came first, at 7 and 8")
    }

    @Test("a file with a malformed row appends nothing and names the line")
    func malformedFileAppendsNothing() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let importer = MarketDataImporter(store: store)
        let file = try write(
            "date,symbol,close\n2024-01-02,AAPL,185.64\n2024-01-03,AAPL,n/a\n", to: scratch.path("bad.csv"))
        await #expect(
            throws: MarketDataFileError(line: 3, message: "close \"n/a\" of AAPL is not a positive decimal number")
        ) {
            try await importer.importPriceFile(at: file)
        }
        #expect(try await store.headPosition() == 0)
    }

    @Test("market-cap facts are reported once per figure and date, and again when the figure changes")
    func importsMarketCaps() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let importer = MarketDataImporter(store: store)
        let first = try await importer.importMarketCapFile(
            at: try write(
                "date,symbol,market_cap\n2022-12-30,AAPL,2066940000000\n2022-12-30,MSFT,1787730000000.0\n",
                to: scratch.path("caps.csv")))
        #expect(first.marketCapsReported == 2 && first.assetsListed == 2)
        let again = try await importer.importMarketCapFile(
            at: try write(
                "date,symbol,market_cap\n2022-12-30,AAPL,2066940000000.00\n2022-12-30,MSFT,1800000000000\n",
                to: scratch.path("caps2.csv")))
        #expect(again.marketCapsReported == 1, "only MSFT's figure changed")
        let reports = try await store.read(after: 0, limit: 100, filter: EventFilter(types: ["MarketCapReported"]))
        #expect(
            try reports.map { try $0.decode(MarketCapReported.self).marketCap } == [
                "2066940000000", "1787730000000.0", "1800000000000",
            ])
        let ledger = try await store.fold(MarketDataLedger())
        let caps: [String: Double] = ["AAPL": 2_066_940_000_000, "MSFT": 1_800_000_000_000]
        #expect(ledger.marketCaps(asOf: "2022-12-30") == caps)
        #expect(ledger.marketCaps(asOf: "2022-12-29").isEmpty, "a fact is used from its date on, never before")
        await #expect(
            throws: MarketDataFileError(line: 2, message: "market_cap \"-1\" of KO is not a positive decimal number")
        ) {
            try await importer.importMarketCapFile(
                at: try write("date,symbol,market_cap\n2022-12-30,KO,-1\n", to: scratch.path("bad.csv")))
        }
        try PayloadDump.write(reports, name: "market-caps")
    }

    @Test("ECB rates land in fx-<CCY> streams and the FX read model; benchmarks in the benchmark series")
    func importsRatesAndBenchmarks() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let importer = MarketDataImporter(store: store)
        let rates = try await importer.importEuroRateFile(
            at: try write(
                "Date,USD,GBP,CYP,\n2024-01-03,1.0919,0.86265,N/A,\n2024-01-02,1.0956,0.86790,N/A,\n",
                to: scratch.path("eurofxref-hist.csv")))
        #expect(rates.fxRatesAppended == 4)
        let benchmark = try await importer.importPriceFile(
            at: try write(
                "date,symbol,close\n2024-01-02,SPX,4742.83\n2024-01-03,SPX,4704.81\n", to: scratch.path("spx.csv")),
            assetClass: "index")
        #expect(benchmark.pricesAppended == 2)

        let runner = ProjectionRunner(projectors: ShippedProjectors.all, store: store, database: store.database)
        try await runner.prepare()
        try await runner.catchUp()
        let fx = FxRateQueries(database: store.database)
        #expect(try await fx.currencies().map(\.currency) == ["GBP", "USD"])
        #expect(try await fx.rates(currency: "GBP").map(\.rate) == [0.8679, 0.86265])
        let series = try await BenchmarkQueries(database: store.database).series(symbol: "SPX")
        #expect(series.map(\.close) == ["4742.83", "4704.81"])
        #expect(
            try await AssetPriceQueries(database: store.database).assets(assetClass: "index").map(\.symbol) == ["SPX"])
        try PayloadDump.write(try await store.read(after: 0, limit: 100), name: "market-data-rates")
    }
}
