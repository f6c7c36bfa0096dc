import AutoIndexDomain
import Crypto
import EventSourcing
import Foundation
import Hummingbird
import Projections

/// `/api/v1/auth/…`: register, login, me, refresh, logout. Passwords are bcrypt-hashed off the event
/// loop; neither passwords nor tokens are ever logged.
struct AuthController: Sendable {
    let store: any EventStore
    let authenticator: Authenticator
    let hasher: PasswordHasher
    let throttle: LoginThrottle

    private var tokens: TokenAuthority { authenticator.tokens }

    struct Credentials: Decodable {
        var email: String
        var password: String
    }

    /// The original's `TokenResponse`, plus the lifetime, the user id and the role.
    struct Token: ResponseEncodable {
        var accessToken: String
        var tokenType = "bearer"
        var expiresIn: Int
        var userId: String
        var role: String

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case tokenType = "token_type"
            case expiresIn = "expires_in"
            case userId = "user_id"
            case role
        }
    }

    struct Me: ResponseEncodable {
        var id: String
        var email: String
        var role: String
        var isGoogleUser = false
        var createdAt: String
        var registeredPosition: Int64

        enum CodingKeys: String, CodingKey {
            case id, email, role
            case isGoogleUser = "is_google_user"
            case createdAt = "created_at"
            case registeredPosition = "registered_position"
        }
    }

    struct Message: ResponseEncodable {
        var message: String
    }

    /// The user id of an email: derived from it, so the log itself refuses a second account for one
    /// address (the account stream must not exist yet).
    static func userId(of email: EmailAddress) -> String {
        let digest = SHA256.hash(data: Data("autoindex-user:\(email.text)".utf8))
        return "u" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    func addRoutes(to api: APIRouter) {
        api.post("/api/v1/auth/register", access: .anyone) { request, _ in
            try await register(try await request.decodeJSON(Credentials.self))
        }
        api.post("/api/v1/auth/login", access: .anyone) { request, context in
            try await login(try await request.decodeJSON(Credentials.self), client: context.clientKey)
        }
        api.get("/api/v1/auth/me", reads: ["users"]) { _, context in
            let user = try await authenticator.currentUser(try context.requireIdentity().userId)
            return Me(
                id: user.userId, email: user.email, role: authenticator.role(of: user), createdAt: user.registeredAt,
                registeredPosition: user.registeredPosition)
        }
        api.post("/api/v1/auth/refresh") { _, context in
            let identity = try context.requireIdentity()
            guard tokens.sessionIsOpen(identity.token) else {
                throw APIError.unauthorized("session_expired", "Session expired: log in again")
            }
            let user = try await authenticator.currentUser(identity.userId)
            let role = authenticator.role(of: user)
            let issued = try await tokens.issue(
                userId: user.userId, role: role,
                sessionStart: Date(timeIntervalSince1970: Double(identity.token.authTime)))
            return Token(accessToken: issued.token, expiresIn: issued.expiresIn, userId: user.userId, role: role)
        }
        api.post("/api/v1/auth/logout", access: .anyone) { _, _ in
            Message(message: "Successfully logged out")
        }
    }

    private func register(_ credentials: Credentials) async throws -> Token {
        let email = try Accounts.validate(email: credentials.email, password: credentials.password)
        let userId = Self.userId(of: email)
        let role: Role = tokens.settings.adminEmails.contains(email.text) ? .admin : .user
        let hash = try await hasher.hash(credentials.password)
        let plan = try Accounts.register(userId: userId, email: email, passwordHash: hash, role: role)
        _ = try await store.append(try plan.request(metadata: EventMetadata(actor: email.text, source: "api")))
        let issued = try await tokens.issue(userId: userId, role: role.rawValue)
        return Token(accessToken: issued.token, expiresIn: issued.expiresIn, userId: userId, role: role.rawValue)
    }

    /// Same work for an unknown email as for a wrong password, so timing does not tell them apart.
    private func login(_ credentials: Credentials, client: String) async throws -> Token {
        let account = (try? EmailAddress(credentials.email).text) ?? credentials.email.lowercased()
        if let wait = await throttle.retryAfter(account: account, client: client) {
            throw APIError(
                .tooManyRequests, type: "too_many_attempts",
                detail: "too many failed logins; try again in \(wait) seconds", headers: [.retryAfter: "\(wait)"])
        }
        try await authenticator.readModels.waitForHead("users")
        let user = try await authenticator.users.user(email: account)
        guard try await hasher.verify(credentials.password, against: user?.passwordHash), let user else {
            await throttle.recordFailure(account: account, client: client)
            throw APIError.unauthorized("invalid_credentials", "Invalid credentials")
        }
        await throttle.recordSuccess(account: account)
        let role = authenticator.role(of: user)
        let issued = try await tokens.issue(userId: user.userId, role: role)
        return Token(accessToken: issued.token, expiresIn: issued.expiresIn, userId: user.userId, role: role)
    }
}

extension AppRequestContext {
    /// The authenticated caller.
    /// - Throws: `APIError` 401 when the route let an anonymous caller through.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw APIError.unauthorized("not_authenticated", "Not authenticated") }
        return identity
    }
}
