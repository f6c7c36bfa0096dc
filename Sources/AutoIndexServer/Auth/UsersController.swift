import AutoIndexDomain
import EventSourcing
import Hummingbird

/// `PUT /api/v1/users/{user_id}/role` (admin): grants a role, recorded as `RoleGranted` with the admin
/// as actor.
struct UsersController: Sendable {
    let store: any EventStore

    struct RoleChange: Decodable {
        var role: String
        var reason: String?
    }

    struct Granted: ResponseEncodable {
        var userId: String
        var email: String
        var role: String
        var position: Int64

        enum CodingKeys: String, CodingKey {
            case userId = "user_id"
            case email, role, position
        }
    }

    func addRoutes(to api: APIRouter) {
        api.put("/api/v1/users/{user_id}/role", access: .admin) { request, context in
            let admin = try context.requireIdentity()
            let change = try await request.decodeJSON(RoleChange.self)
            let role = try Accounts.role(named: change.role)
            let userId = try context.parameters.require("user_id")
            guard let stream = try? Accounts.stream(of: userId),
                let account = try Account(try await store.read(stream: stream))
            else {
                throw APIError.notFound("User \(userId) not found")
            }
            let plan = try Accounts.grant(role, reason: change.reason, to: account)
            guard !plan.isEmpty else {
                return Granted(userId: userId, email: account.email, role: role.rawValue, position: account.position)
            }
            let result = try await store.append(
                try plan.request(metadata: EventMetadata(actor: admin.actor, source: "api")))
            return Granted(userId: userId, email: account.email, role: role.rawValue, position: result.lastPosition)
        }
    }
}
