import Foundation
import Hummingbird
import Projections

/// `/api/v1/diagnostics/refresh-status` and `/database-status`: what the read models say about the data.
struct DiagnosticsController {
    let indexId: String
    let prices: AssetPriceQueries
    let history: IndexHistoryQueries
    let runner: ProjectionRunner

    struct RefreshStatus: ResponseEncodable {
        var lastRefresh: RefreshRun?
        var recent: [RefreshRun]

        enum CodingKeys: String, CodingKey {
            case lastRefresh = "last_refresh"
            case recent
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lastRefresh, forKey: .lastRefresh)
            try container.encode(recent, forKey: .recent)
        }
    }

    struct DatabaseStatus: ResponseEncodable {
        var assets: Int
        var prices: Int
        var firstPriceDate: String?
        var lastPriceDate: String?
        var indexValues: Int
        var lastIndexDate: String?
        var logHead: Int64
        var projections: [ProjectionStatus]

        enum CodingKeys: String, CodingKey {
            case assets, prices
            case firstPriceDate = "first_price_date"
            case lastPriceDate = "last_price_date"
            case indexValues = "index_values"
            case lastIndexDate = "last_index_date"
            case logHead = "log_head"
            case projections
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(assets, forKey: .assets)
            try container.encode(prices, forKey: .prices)
            try container.encode(firstPriceDate, forKey: .firstPriceDate)
            try container.encode(lastPriceDate, forKey: .lastPriceDate)
            try container.encode(indexValues, forKey: .indexValues)
            try container.encode(lastIndexDate, forKey: .lastIndexDate)
            try container.encode(logHead, forKey: .logHead)
            try container.encode(projections, forKey: .projections)
        }
    }

    func addRoutes(to api: APIRouter) {
        api.cachedGet("/api/v1/diagnostics/refresh-status", reads: ["refresh_status"]) { _, _, view in
            let recent = try await view.refreshes.recent(limit: 20)
            return RefreshStatus(lastRefresh: recent.first, recent: recent)
        }
        api.get("/api/v1/diagnostics/database-status", reads: ["asset_prices", "index_history"]) { _, _ in
            let coverage = try await prices.coverage()
            let status = try await runner.status()
            return DatabaseStatus(
                assets: try await prices.assets().count, prices: coverage.count, firstPriceDate: coverage.firstDate,
                lastPriceDate: coverage.lastDate, indexValues: try await history.count(indexId: indexId),
                lastIndexDate: try await history.latest(indexId: indexId)?.date, logHead: status.first?.head ?? 0,
                projections: status)
        }
    }
}
