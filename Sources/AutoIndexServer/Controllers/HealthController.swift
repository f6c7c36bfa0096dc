import EventSourcing
import Foundation
import Hummingbird
import Projections

/// `GET /`, `GET /health` (liveness), `GET /ready` (the read models caught up) and `GET /metrics`
/// (Prometheus).
struct HealthController: Sendable {
    let runner: ProjectionRunner
    let metrics: ServiceMetrics
    let clock: WallClock
    let leadership: Leadership

    struct Root: ResponseEncodable {
        var message = "AutoIndex API"
        var version = "0.4.0"
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
        var leader: Bool
        var projections: [Projection]
    }

    func addRoutes(to api: APIRouter) {
        api.get("/", access: .anyone) { _, _ in Root() }
        api.get("/health", access: .anyone) { _, _ in
            Health(status: "healthy", timestamp: UTCTimestamp.format(clock.now()))
        }
        api.get("/metrics", access: .anyone) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try await metrics.exposition())))
        }
        api.get("/ready", access: .anyone) { _, _ in
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
            return Readiness(ready: true, leader: leadership.isLeading, projections: projections)
        }
    }
}
