import AutoIndexDomain
import EventSourcing
import Hummingbird
import IndexService
import Projections

/// `/api/v1/audit/…` (admin): the proof that the log is intact, and the trail of every rebalance.
struct AuditController {
    let store: any EventStore
    let rebalances: RebalanceAudit
    let portfolios: PortfolioQueries

    struct Verification: ResponseEncodable {
        var report: ChainVerification

        func encode(to encoder: any Encoder) throws { try report.encode(to: encoder) }
    }

    struct RebalanceList: ResponseEncodable {
        var rebalances: [RebalanceSummary]
        var total: Int
    }

    /// The rebalance's detail and the orders it caused in the portfolios that follow the index.
    struct Detail: ResponseEncodable {
        var detail: RebalanceDetail
        var orders: RebalanceOrders

        enum CodingKeys: String, CodingKey {
            case orders = "portfolio_orders"
        }

        func encode(to encoder: any Encoder) throws {
            try detail.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(orders, forKey: .orders)
        }
    }

    struct RebalanceVerification: ResponseEncodable {
        var outcome: RebalanceCheck.Outcome

        func encode(to encoder: any Encoder) throws { try outcome.encode(to: encoder) }
    }

    func addRoutes(to api: APIRouter) {
        api.get("/api/v1/audit/verify", access: .admin) { _, _ in
            Verification(report: try await store.verify())
        }
        api.cachedGet("/api/v1/audit/rebalances", access: .admin, reads: ["rebalances"]) { request, _, view in
            let range = try DateRange(request)
            let page = try await view.rebalances.page(
                indexId: rebalances.indexId, from: range.start, to: range.end, limit: range.limit ?? 100,
                offset: range.offset)
            return RebalanceList(rebalances: page.rebalances, total: page.total)
        }
        api.get("/api/v1/audit/rebalances/{rebalance_id}", access: .admin, reads: ["portfolios"]) { _, context in
            let id = try context.parameters.require("rebalance_id")
            guard let detail = try await rebalances.detail(id) else {
                throw APIError.notFound("Rebalance \(id) not found")
            }
            return Detail(detail: detail, orders: try await portfolios.orders(causedBy: id))
        }
        api.get("/api/v1/audit/rebalances/{rebalance_id}/verify", access: .admin) { _, context in
            let id = try context.parameters.require("rebalance_id")
            guard let outcome = try await rebalances.verify(id) else {
                throw APIError.notFound("Rebalance \(id) not found")
            }
            return RebalanceVerification(outcome: outcome)
        }
    }
}
