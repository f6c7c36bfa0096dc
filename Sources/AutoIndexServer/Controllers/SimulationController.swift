import Foundation
import Hummingbird
import IndexEngine
import Projections

/// `POST /api/v1/index/simulate`: an investment in the index, each cash flow converted at the ECB rate
/// of its own date and values at the rate of their date (the original converted at today's rate).
struct SimulationController {
    let indexId: String
    let history: IndexHistoryQueries
    let fx: FxRateQueries

    /// The request: the original's fields, plus an end date and a monthly contribution.
    struct Body: Decodable {
        var amount: Double?
        var startDate: String?
        var currency: String?
        var endDate: String?
        var monthlyContribution: Double?

        enum CodingKeys: String, CodingKey {
            case amount
            case startDate = "start_date"
            case currency
            case endDate = "end_date"
            case monthlyContribution = "monthly_contribution"
        }
    }

    struct Point: Codable {
        var date: String
        var value: Double
    }

    /// The original's fields (`roi_pct` in percent, `series` of index levels) and the full result.
    struct Answer: ResponseEncodable {
        var startDate: String
        var endDate: String
        var startValue: Double
        var endValue: Double
        var amountInitial: Double
        var amountFinal: Double
        var roiPct: Double
        var currency: String
        var series: [Point]
        var result: SimulationResult

        enum CodingKeys: String, CodingKey {
            case startDate = "start_date"
            case endDate = "end_date"
            case startValue = "start_value"
            case endValue = "end_value"
            case amountInitial = "amount_initial"
            case amountFinal = "amount_final"
            case roiPct = "roi_pct"
            case currency, series
            case totalInvested = "total_invested"
            case profit
            case simpleReturn = "simple_return"
            case indexReturn = "index_return"
            case points
            case cashFlows = "cash_flows"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(startDate, forKey: .startDate)
            try container.encode(endDate, forKey: .endDate)
            try container.encode(startValue, forKey: .startValue)
            try container.encode(endValue, forKey: .endValue)
            try container.encode(amountInitial, forKey: .amountInitial)
            try container.encode(amountFinal, forKey: .amountFinal)
            try container.encode(roiPct, forKey: .roiPct)
            try container.encode(currency, forKey: .currency)
            try container.encode(series, forKey: .series)
            try container.encode(result.totalInvested, forKey: .totalInvested)
            try container.encode(result.profit, forKey: .profit)
            try container.encode(result.simpleReturn, forKey: .simpleReturn)
            try container.encode(result.indexReturn, forKey: .indexReturn)
            try container.encode(result.points, forKey: .points)
            try container.encode(result.cashFlows, forKey: .cashFlows)
        }
    }

    func addRoutes(to api: APIRouter) {
        api.post("/api/v1/index/simulate") { request, context in
            let body = try await request.decodeJSON(Body.self)
            var problems: [String] = []
            if body.amount == nil { problems.append("amount: required") }
            if body.startDate == nil { problems.append("start_date: required") }
            guard problems.isEmpty, let amount = body.amount, let startDate = body.startDate else {
                throw APIError.validation(problems.joined(separator: "; "))
            }
            let currency = (body.currency ?? "USD").uppercased()
            let index = try await history.values(indexId: indexId)
            guard !index.isEmpty else { throw APIError.notFound("No index history. Run tasks/refresh.") }
            var rates: [String: [(date: String, rate: Double)]] = [:]
            for code in Set(["USD", currency]) where code != "EUR" {
                let series = try await fx.rates(currency: code)
                if !series.isEmpty { rates[code] = series }
            }
            let result = try InvestmentSimulation.run(
                SimulationRequest(
                    amount: amount, currency: currency, startDate: startDate, endDate: body.endDate,
                    monthlyContribution: body.monthlyContribution),
                index: index.map { ($0.date, $0.value) }, fx: try FxConverter(ratesPerEuro: rates))
            let levels = index.filter { $0.date >= result.startDate && $0.date <= result.endDate }
            return Answer(
                startDate: result.startDate, endDate: result.endDate, startValue: levels.first?.value ?? 0,
                endValue: levels.last?.value ?? 0, amountInitial: amount,
                amountFinal: result.finalValue, roiPct: result.simpleReturn * 100, currency: result.currency,
                series: levels.map { Point(date: $0.date, value: $0.value) }, result: result)
        }
    }
}
