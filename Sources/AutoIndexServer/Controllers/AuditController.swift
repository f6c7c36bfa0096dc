import EventSourcing
import Hummingbird

/// `/api/v1/audit/…` (admin): the proof that the log is intact.
struct AuditController {
    let store: any EventStore

    struct Verification: ResponseEncodable {
        var report: ChainVerification

        func encode(to encoder: any Encoder) throws { try report.encode(to: encoder) }
    }

    func addRoutes(to api: APIRouter) {
        api.get("/api/v1/audit/verify", access: .admin) { _, _ in
            Verification(report: try await store.verify())
        }
    }
}
