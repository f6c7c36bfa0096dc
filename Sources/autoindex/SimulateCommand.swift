import ArgumentParser
import AutoIndexDomain
import IndexEngine
import Projections

/// `autoindex simulate`: an investment in the index, in any ECB currency, from the read models.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Value an investment in the index over its history, converting at the FX rate of each date.",
        discussion: """
            The amount is converted to USD at the ECB rate of the start date and buys index units; each monthly \
            contribution at the rate of its own date; values are converted back at the rate of each valuation \
            date. Reads the index history and FX read models (caught up first).
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The amount invested at the start, in --currency.")
    var amount: Double

    @Option(help: "An ECB currency code, e.g. USD, EUR, GBP (default USD).")
    var currency = "USD"

    @Option(help: "The start date, YYYY-MM-DD (the first index date on or after it).")
    var start: String

    @Option(help: "The last date, YYYY-MM-DD (default: the latest index value).")
    var end: String?

    @Option(help: "A contribution on the first index date of each later month, in --currency.")
    var monthly: Double?

    @Flag(help: "Print every point and cash flow, not only the summary.")
    var full = false

    struct Summary: Encodable {
        var result: SimulationResult

        enum CodingKeys: String, CodingKey {
            case startDate = "start_date"
            case endDate = "end_date"
            case currency
            case totalInvested = "total_invested"
            case finalValue = "final_value"
            case profit
            case simpleReturn = "simple_return"
            case indexReturn = "index_return"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(result.startDate, forKey: .startDate)
            try container.encode(result.endDate, forKey: .endDate)
            try container.encode(result.currency, forKey: .currency)
            try container.encode(result.totalInvested, forKey: .totalInvested)
            try container.encode(result.finalValue, forKey: .finalValue)
            try container.encode(result.profit, forKey: .profit)
            try container.encode(result.simpleReturn, forKey: .simpleReturn)
            try container.encode(result.indexReturn, forKey: .indexReturn)
        }
    }

    func run() async throws {
        let log = try await database.openLog()
        defer { log.close() }
        let runner = try log.projectionRunner()
        try await runner.prepare()
        try await runner.catchUp()
        let index = try await IndexHistoryQueries(database: try log.readModels()).values(
            indexId: IndexStreams.defaultIndexId)
        let fxQueries = FxRateQueries(database: try log.readModels())
        var rates: [String: [(date: String, rate: Double)]] = [:]
        for coverage in try await fxQueries.currencies() {
            rates[coverage.currency] = try await fxQueries.rates(currency: coverage.currency)
        }
        do {
            let result = try InvestmentSimulation.run(
                SimulationRequest(
                    amount: amount, currency: currency, startDate: start, endDate: end, monthlyContribution: monthly),
                index: index.map { ($0.date, $0.value) }, fx: try FxConverter(ratesPerEuro: rates))
            if full { try printJSON(result) } else { try printJSON(Summary(result: result)) }
        } catch let error as SimulationError {
            throw ValidationError(error.description)
        }
    }
}
