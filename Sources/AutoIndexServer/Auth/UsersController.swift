import AutoIndexDomain
import EventSourcing
import Hummingbird

/// `PUT /api/v1/users/{user_id}/role` (admin): grants a role, recorded as `RoleGranted` with the admin
/// as actor.
struct UsersController: Sendable {
    let store: any EventStore
    let authenticator: Authenticator

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
            guard let role = Role(rawValue: change.role) else {
                throw APIError.validation(AccountError.unknownRole(change.role).description)
            }
            let userId = try context.parameters.require("user_id")
            guard let user = try await authenticator.users.user(id: userId) else {
                throw APIError.notFound("User \(userId) not found")
            }
            let stream = try Accounts.stream(of: userId)
            let history = try await store.read(stream: stream)
            var current = Role.user
            for event in history {
                switch try EventCatalog.decode(event) {
                case let registered as UserRegistered: current = Role(rawValue: registered.role) ?? .user
                case let granted as RoleGranted: current = Role(rawValue: granted.role) ?? .user
                default: continue
                }
            }
            let plan = try Accounts.grant(
                role, to: userId, email: user.email, current: current, version: history.last?.version ?? 0,
                reason: change.reason)
            guard !plan.isEmpty else {
                return Granted(
                    userId: userId, email: user.email, role: role.rawValue, position: history.last?.position ?? 0)
            }
            let result = try await store.append(
                try plan.request(metadata: EventMetadata(actor: admin.actor, source: "api")))
            return Granted(userId: userId, email: user.email, role: role.rawValue, position: result.lastPosition)
        }
    }
}
