import Foundation
import Hummingbird
import Projections

/// `/api/v1/projections/…` (admin): rebuild read models from the log while the service keeps serving
/// them.
struct ProjectionsController {
    let runner: ProjectionRunner
    let gate = RebuildGate()

    struct RebuildBody: Decodable {
        var projection: String?
    }

    struct Rebuilt: ResponseEncodable {
        var rebuilt: [RebuildReport]
    }

    func addRoutes(to api: APIRouter) {
        api.post("/api/v1/projections/rebuild", access: .admin) { request, _ in
            let buffer = try await request.body.collect(upTo: 65_536)
            let name =
                buffer.readableBytes == 0
                ? nil : try JSONDecoder().decode(RebuildBody.self, from: Data(buffer: buffer)).projection
            if let name, !runner.projectors.contains(where: { $0.name == name }) {
                throw APIError.validation(
                    "projection: no read model named \(name); known: \(runner.projectors.map(\.name).joined(separator: ", "))"
                )
            }
            guard let reports = try await gate.run({ try await runner.rebuild(name) }) else {
                throw APIError.conflict("a rebuild is already running; wait for it to finish")
            }
            return Rebuilt(rebuilt: reports)
        }
    }
}

/// One rebuild at a time: a second request is refused rather than queued.
actor RebuildGate {
    private var busy = false

    /// Runs `work` unless a run is under way; nil when one is.
    /// - Throws: what `work` throws (the gate opens again either way).
    func run<Result: Sendable>(_ work: @Sendable () async throws -> Result) async throws -> Result? {
        guard !busy else { return nil }
        busy = true
        defer { busy = false }
        return try await work()
    }
}
