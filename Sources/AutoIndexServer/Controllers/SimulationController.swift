import Hummingbird
import IndexEngine

/// `POST /api/v1/index/simulate`: an investment in the index, each cash flow converted at the ECB rate
/// of its own date and values at the rate of their date (the original converted at today's rate).
struct SimulationController {
    let inputs: SimulationInputs
    let readModels: ReadModels

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
            let etag = try await readModels.etag(reading: SimulationInputs.reads)
            guard let market = try await inputs.snapshot(at: etag) else {
                throw APIError.notFound("No index history. Run tasks/refresh.")
            }
            let result = try InvestmentSimulation.run(
                SimulationRequest(
                    amount: amount, currency: currency, startDate: startDate, endDate: body.endDate,
                    monthlyContribution: body.monthlyContribution),
                index: market.index, fx: try await market.converter(for: currency, from: inputs.fx))
            let answer = SimulationAnswer(market: market, amount: amount, result: result)
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: answer.json)))
        }
    }
}
