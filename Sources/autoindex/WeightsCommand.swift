import ArgumentParser
import IndexEngine

/// `autoindex weights`: the engine's target weights at one close, from a price file.
struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "Print the weights a method decides at the close of --as-of, from a date,symbol,close file.")

    @Option(help: "A date,symbol,close CSV file.")
    var prices: String

    @Option(help: "The symbols to weight, comma separated.")
    var assets: String

    @Option(name: .customLong("as-of"), help: "The close at which to decide, YYYY-MM-DD.")
    var asOf: String

    @Option(help: "inverse-volatility, equal-risk-contribution, momentum, equal or blend.")
    var method: String

    @OptionGroup var options: WeightingOptions

    @Flag(help: "Print JSON.")
    var json = false

    struct Report: Encodable {
        var asOfDate: String
        var weights: [String: Double]
        var scores: [String: Double]?
        var ranking: [String]?
        var excluded: [String: String]

        enum CodingKeys: String, CodingKey {
            case asOfDate = "as_of_date"
            case weights, scores, ranking, excluded
        }
    }

    func run() throws {
        let history = try PriceHistoryFile.history(prices)
        let date = try PriceHistoryFile.date(asOf, option: "--as-of")
        guard let day = history.index(of: date) else {
            throw ValidationError("--as-of \(asOf) is not a trading day of \(prices)")
        }
        let symbols = PriceHistoryFile.symbols(assets)
        let decision: WeightDecision
        do {
            decision = try WeightEngine.decide(
                try options.method(method), history: history, asOf: day, universe: symbols)
        } catch let error as EngineError {
            throw ValidationError(error.description)
        }
        let weights = Dictionary(
            symbols.compactMap { symbol in decision.weight(of: symbol).map { (symbol, $0) } }
        ) { first, _ in first }
        let isMomentum = method == "momentum"
        let report = Report(
            asOfDate: date.text, weights: weights,
            scores: isMomentum
                ? Dictionary(decision.momentumScores.map { ($0.symbol, $0.momentum) }) { first, _ in first } : nil,
            ranking: isMomentum ? decision.momentumRanking : nil,
            excluded: Dictionary(decision.excluded.map { ($0.symbol, $0.reason) }) { first, _ in first })
        if json {
            try printJSON(report)
        } else {
            for symbol in weights.keys.sorted() { print("\(symbol)\t\(weights[symbol] ?? 0)") }
            for (symbol, reason) in report.excluded.sorted(by: { $0.key < $1.key }) {
                print("\(symbol)\texcluded: \(reason)")
            }
        }
    }
}
