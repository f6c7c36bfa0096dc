import Foundation
import Hummingbird
import Projections

/// `GET /`, `GET /health` (liveness) and `GET /ready` (the read models caught up).
struct HealthController: Sendable {
    let runner: ProjectionRunner

    struct Root: ResponseEncodable {
        var message = "AutoIndex API"
        var version = "0.3.0"
        var docs = "/docs"
    }

    struct Health: ResponseEncodable {
        var status: String
        var timestamp: String
    }

    struct Readiness: ResponseEncodable {
        struct Projection: Codable {
            var name: String
            var version: Int
            var checkpoint: Int64
            var head: Int64
            var lag: Int64
        }

        var ready: Bool
        var projections: [Projection]
    }

    func addRoutes(to api: APIRouter<some RequestContext>) {
        api.get("/") { _, _ in Root() }
        api.get("/health") { _, _ in
            Health(status: "healthy", timestamp: ISO8601DateFormatter().string(from: Date()))
        }
        api.get("/ready") { _, _ in
            let projections = try await runner.status().map {
                Readiness.Projection(
                    name: $0.name, version: $0.version, checkpoint: $0.checkpoint, head: $0.head, lag: $0.lag)
            }
            let behind = projections.filter { $0.lag > 0 }
            guard behind.isEmpty else {
                throw APIError(
                    .serviceUnavailable, type: "not_ready",
                    detail: "read models catching up: "
                        + behind.map { "\($0.name) \($0.lag) events behind" }.joined(separator: ", "))
            }
            return Readiness(ready: true, projections: projections)
        }
    }
}
