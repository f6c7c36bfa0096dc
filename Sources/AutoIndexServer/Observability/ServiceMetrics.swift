import EventSourcing
import Foundation
import Projections
import Prometheus
import Synchronization

/// The figures `GET /metrics` exposes in Prometheus' text format: requests and their latency per
/// route, method and status; the log's head (events appended); and each read model's lag.
final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let store: any EventStore
    private let runner: ProjectionRunner
    private let appended: Gauge
    /// The collectors of each method, route and status seen, so a request costs one lookup.
    private let collectors = Mutex<[RouteKey: (requests: Counter, duration: DurationHistogram)]>([:])

    private struct RouteKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }
    private static let buckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    init(store: any EventStore, runner: ProjectionRunner) {
        self.store = store
        self.runner = runner
        appended = registry.makeGauge(
            descriptor: .init(
                namespace: "autoindex", metricName: "log_head", unitName: "position",
                helpText: "Events appended to the log: the position of the last one."))
    }

    /// Counts one answered request.
    func record(method: String, route: String, status: Int, duration: Duration) {
        let key = RouteKey(method: method, route: route, status: status)
        let known = collectors.withLock { $0[key] }
        let pair = known ?? makeCollectors(key)
        pair.requests.increment()
        pair.duration.record(duration)
    }

    private func makeCollectors(_ key: RouteKey) -> (requests: Counter, duration: DurationHistogram) {
        let requests = registry.makeCounter(
            descriptor: .init(
                namespace: "autoindex", metricName: "http_requests", unitName: "total",
                helpText: "HTTP requests answered."),
            labels: [("method", key.method), ("route", key.route), ("status", String(key.status))])
        let duration = registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "autoindex", metricName: "http_request_duration", unitName: "seconds",
                helpText: "Time to answer an HTTP request."),
            labels: [("method", key.method), ("route", key.route)], buckets: Self.buckets)
        collectors.withLock { $0[key] = (requests, duration) }
        return (requests, duration)
    }

    /// The exposition text, with the log head and the projection lags read now.
    func exposition() async throws -> [UInt8] {
        appended.set(Double(try await store.headPosition()))
        for status in try await runner.status() {
            registry.makeGauge(
                descriptor: .init(
                    namespace: "autoindex", metricName: "projection_lag", unitName: "events",
                    helpText: "Events appended that the read model has not applied yet."),
                labels: [("projection", status.name)]
            ).set(Double(status.lag))
        }
        return registry.emitToBuffer()
    }
}
