import EventSourcing
import Foundation
import Hummingbird
import MarketData

/// Admin commands that reach the market-data provider: refresh jobs (`/api/v1/tasks/refresh` and the
/// original's `/api/v1/manual/trigger-refresh`), their status, and a provider check that appends
/// nothing (`/api/v1/diagnostics/test-refresh`).
struct TasksController {
    let jobs: RefreshJobs
    let client: MarketDataClient?
    let clock: WallClock

    struct ProviderCheck: ResponseEncodable {
        var timestamp: String
        var provider: String
        var symbol: String
        var closes: Int
        var firstDate: String?
        var lastDate: String?

        enum CodingKeys: String, CodingKey {
            case timestamp, provider, symbol, closes
            case firstDate = "first_date"
            case lastDate = "last_date"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(timestamp, forKey: .timestamp)
            try container.encode(provider, forKey: .provider)
            try container.encode(symbol, forKey: .symbol)
            try container.encode(closes, forKey: .closes)
            try container.encode(firstDate, forKey: .firstDate)
            try container.encode(lastDate, forKey: .lastDate)
        }
    }

    func addRoutes(to api: APIRouter) {
        for path in ["/api/v1/tasks/refresh", "/api/v1/manual/trigger-refresh"] {
            api.post(path, access: .admin) { _, context in
                let job = try await jobs.start(by: try context.requireIdentity().actor)
                return EditedResponse(
                    status: .accepted, headers: [.location: "/api/v1/tasks/\(job.jobId)"], response: job)
            }
        }
        api.get("/api/v1/tasks/{job_id}", access: .admin) { _, context in
            let id = try context.parameters.require("job_id")
            guard let job = await jobs.job(id) else { throw APIError.notFound("Job \(id) not found") }
            return job
        }
        api.post("/api/v1/diagnostics/test-refresh", access: .admin) { _, _ in
            guard let client else {
                throw APIError.marketDataUnavailable
            }
            let now = clock.now()
            let since = String(UTCTimestamp.format(now.addingTimeInterval(-30 * 86_400)).prefix(10))
            let symbol = "AAPL"
            switch try await client.dailyCloses([symbol], since)[symbol] {
            case .success(let closes):
                return ProviderCheck(
                    timestamp: UTCTimestamp.format(now), provider: client.provider, symbol: symbol,
                    closes: closes.count, firstDate: closes.first?.date, lastDate: closes.last?.date)
            case .failure(let error):
                throw error
            case nil:
                throw APIError(
                    .badGateway, type: "upstream_error", detail: "\(client.provider) answered without \(symbol)")
            }
        }
    }
}
