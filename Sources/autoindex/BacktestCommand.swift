import ArgumentParser
import Foundation
import IndexEngine

/// `autoindex backtest`: the pure engine over price files, never touching a log.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract:
            "Run a weighting and rebalance schedule over a date,symbol,close file and print the index and its metrics.",
        discussion: """
            --start is the base date: the index is 100 at its close and holds the weights decided at that \
            close. Weights decided at the close of day t use data up to t and apply from t+1. The closes are \
            used as given (no cleaning).
            """)

    @Option(help: "A date,symbol,close CSV file.")
    var prices: String

    @Option(help: "A date,symbol,close CSV file with one symbol, the benchmark (e.g. the S&P 500).")
    var benchmark: String?

    @Option(help: "The symbols of the index, comma separated.")
    var assets: String

    @Option(help: "The base date, YYYY-MM-DD (a trading day of the file).")
    var start: String

    @Option(help: "The last date, YYYY-MM-DD (a trading day of the file).")
    var end: String

    @Option(help: "equal, momentum, inverse-volatility, equal-risk-contribution or blend.")
    var weighting: String

    @OptionGroup var options: WeightingOptions

    @Option(help: "none, daily, weekly, monthly, quarterly, yearly or drift:<band> (default monthly).")
    var rebalance = "monthly"

    @Option(name: .customLong("risk-free"), help: "Annual risk-free rate as a decimal (default 0).")
    var riskFree = 0.0

    @Flag(help: "Print the full result as JSON.")
    var json = false

    func run() throws {
        let history = try PriceHistoryFile.history(prices)
        let start = try PriceHistoryFile.date(start, option: "--start")
        let end = try PriceHistoryFile.date(end, option: "--end")
        guard let schedule = RebalanceSchedule(rebalance) else {
            throw ValidationError(
                "--rebalance \(rebalance) is not none, daily, weekly, monthly, quarterly, yearly or drift:<band>")
        }
        let result: BacktestResult
        do {
            result = try Backtest.run(
                history: history, assets: PriceHistoryFile.symbols(assets), start: start, end: end,
                method: try options.method(weighting), schedule: schedule)
        } catch let error as EngineError {
            throw ValidationError(error.description)
        }
        let dates = result.series.map(\.date.text)
        let values = result.series.map(\.value)
        var benchmarkDates: [String]?
        var benchmarkValues: [Double]?
        if let benchmark {
            let series = try PriceHistoryFile.history(benchmark)
            guard series.symbols.count == 1 else {
                throw ValidationError(
                    "--benchmark \(benchmark) must hold one symbol; it holds \(series.symbols.joined(separator: ", "))")
            }
            let days = series.dates.indices.filter { series.dates[$0] >= start && series.dates[$0] <= end }
            let points = days.compactMap { day in series.closes[day][0].map { (series.dates[day].text, $0) } }
            benchmarkDates = points.map(\.0)
            benchmarkValues = points.map(\.1)
        }
        let metrics: RiskMetrics
        do {
            metrics = try RiskMetrics.compute(
                dates: dates, values: values, benchmarkDates: benchmarkDates, benchmarkValues: benchmarkValues,
                annualRiskFreeRate: riskFree)
        } catch {
            throw ValidationError("metrics: \(error)")
        }
        let report = BacktestReport(
            startDate: start.text, endDate: end.text, nReturns: values.count - 1, startValue: values.first ?? 100,
            endValue: values.last ?? 100,
            series: result.series.map { BacktestReport.Point(date: $0.date.text, value: $0.value) },
            rebalances: result.rebalances.map { rebalance in
                BacktestReport.Rebalance(
                    date: rebalance.date.text,
                    weights: Dictionary(rebalance.weights.map { ($0.symbol, $0.weight) }) { first, _ in first })
            }, metrics: BacktestReport.Metrics(metrics: metrics))
        if json {
            try printJSON(report)
        } else {
            print("\(report.startDate) … \(report.endDate): \(report.nReturns) returns, 100 → \(report.endValue)")
            print("rebalances: \(report.rebalances.count)")
            let data = try JSONEncoder().encode(report.metrics)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            for key in object.keys.sorted() { print("\(key): \(object[key].map { "\($0)" } ?? "null")") }
        }
    }
}
