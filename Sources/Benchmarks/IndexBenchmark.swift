import AutoIndexDomain
import EventStoreSQLite
import Foundation
import IndexEngine
import IndexService
import MarketData
import Projections

/// Measures the engine and the whole pipeline on the bundled dataset.
public enum IndexBenchmark {
    /// The pure engine: parse the bundled closes, build the history, run a monthly blend backtest.
    public static func engine() async throws -> StoreBenchmark.Figures {
        var figures = StoreBenchmark.Figures()
        var rows: [PriceObservation] = []
        let parse = try await StoreBenchmark.measure {
            rows = try PriceFile.parse(try String(contentsOf: try BundledDataset.stockPricesURL, encoding: .utf8))
        }
        let table = try PriceTable(rows)
        var result: BacktestResult?
        let backtest = try await StoreBenchmark.measure {
            let history = try MarketHistory(table: table, rules: .none)
            let parameters = try StrategyDefaults.config.strategyParameters()
            result = try Backtest.run(
                history: history, assets: history.symbols, start: history.dates[parameters.momentumDays],
                end: history.dates[history.count - 1], method: .blend(parameters), schedule: .monthly)
        }
        figures.values.append(("parse_bundled_csv_seconds", parse))
        figures.values.append(("backtest_monthly_blend_seconds", backtest))
        figures.values.append(("backtest_days", Double(result?.series.count ?? 0)))
        figures.values.append(("backtest_rebalances", Double(result?.rebalances.count ?? 0)))
        figures.values.append(("assets", Double(table.symbols.count)))
        figures.values.append(("peak_rss_bytes", Double(StoreBenchmark.peakResidentBytes())))
        return figures
    }

    /// The pipeline on a scratch log: bundled import, the index policy over every day, a rebuild of
    /// every projection from 0.
    public static func bundled(directory: String) async throws -> StoreBenchmark.Figures {
        let path = (directory as NSString).appendingPathComponent("autoindex-bench-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteEventStore(path: path, options: .init(upcasters: EventCatalog.upcasters))
        var figures = StoreBenchmark.Figures()
        let importing = try await StoreBenchmark.measure {
            _ = try await MarketDataImporter(store: store).importBundledDataset()
        }
        let imported = try await store.headPosition()
        var summary: IndexUpdateSummary?
        let update = try await StoreBenchmark.measure { summary = try await IndexUpdater(store: store).update() }
        let total = try await store.headPosition()
        let runner = ProjectionRunner(store: store, database: store.database)
        let rebuild = try await StoreBenchmark.measure { try await runner.rebuildInPlace() }
        figures.values.append(("import_bundled_seconds", importing))
        figures.values.append(("import_events_per_s", Double(imported) / importing))
        figures.values.append(("index_update_seconds", update))
        figures.values.append(("index_valued_days", Double(summary?.valuedDays ?? 0)))
        figures.values.append(("index_rebalances", Double(summary?.rebalances ?? 0)))
        figures.values.append(("events", Double(total)))
        figures.values.append(("rebuild_all_projections_seconds", rebuild))
        figures.values.append(("rebuild_events_per_s", Double(total) / rebuild))
        figures.values.append(("projections", Double(ShippedProjectors.all.count)))
        figures.values.append(("peak_rss_bytes", Double(StoreBenchmark.peakResidentBytes())))
        return figures
    }
}
