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
            guard await gate.enter() else {
                throw APIError.conflict("a rebuild is already running; wait for it to finish")
            }
            do {
                let reports = try await runner.rebuild(name)
                await gate.leave()
                return Rebuilt(rebuilt: reports)
            } catch {
                await gate.leave()
                throw error
            }
        }
    }
}

/// One rebuild at a time: a second request is refused rather than queued.
actor RebuildGate {
    private var busy = false

    /// Whether the caller may start; it must then `leave()`.
    func enter() -> Bool {
        guard !busy else { return false }
        busy = true
        return true
    }

    func leave() {
        busy = false
    }
}
