import AutoIndexDomain
import Foundation
import Hummingbird
import Projections

/// Checks the bearer token of a request and, for admin routes, the caller's current role.
struct Authenticator: Sendable {
    let tokens: TokenAuthority
    let users: UserQueries
    let readModels: ReadModels

    /// The caller, or nil on routes anyone may call.
    /// - Throws: `APIError` 401 without a valid token, 403 for a plain user on an admin route.
    func identify(_ request: Request, for access: Access) async throws -> Identity? {
        guard access != .anyone else { return nil }
        return try await identify(token: try Self.bearerToken(request), for: access)
    }

    /// The holder of `token` (from a header or, on a WebSocket, its first message).
    /// - Throws: `APIError` 401 for an invalid token, 403 for a plain user when `access` is admin.
    func identify(token: String, for access: Access) async throws -> Identity {
        let claims = try await tokens.verify(token)
        var identity = Identity(userId: claims.sub.value, role: claims.role, email: nil, token: claims)
        guard access == .admin else { return identity }
        // The current role, as of everything appended so far: a grant or a demotion counts at once.
        try await readModels.waitForHead("users")
        let user = try await currentUser(claims.sub.value)
        identity.email = user.email
        identity.role = role(of: user)
        guard identity.role == Role.admin.rawValue else {
            throw APIError(.forbidden, type: "forbidden", detail: "this needs the admin role")
        }
        return identity
    }

    /// The user's row, waiting for the users read model if it has not seen the registration yet.
    /// - Throws: `APIError` 401 `user_not_found` when the account does not exist.
    func currentUser(_ userId: String) async throws -> UserRecord {
        if let user = try await users.user(id: userId) { return user }
        try await readModels.waitForHead("users")
        guard let user = try await users.user(id: userId) else {
            throw APIError.unauthorized("user_not_found", "User not found")
        }
        return user
    }

    /// The role in force: the recorded one, or admin for an email in `ADMIN_EMAILS`.
    func role(of user: UserRecord) -> String {
        tokens.settings.adminEmails.contains(user.email) ? Role.admin.rawValue : user.role
    }

    /// The token of an `Authorization: Bearer <token>` header (the scheme in any case), parsed without
    /// Foundation: this runs on every authenticated request.
    static func bearerToken(_ request: Request) throws -> String {
        guard let header = request.headers.first(.authorization) else {
            throw APIError.unauthorized("not_authenticated", "Not authenticated")
        }
        let scheme = "bearer ".utf8
        let isBearer =
            header.utf8.count > scheme.count
            && zip(header.utf8, scheme).allSatisfy { byte, expected in
                (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == expected
            }
        let token = String(header.dropFirst(scheme.count).drop { $0 == " " })
        let hasSpace =
            token.utf8.withContiguousStorageIfAvailable { $0.contains(UInt8(ascii: " ")) }
            ?? token.utf8.contains(UInt8(ascii: " "))
        guard isBearer, !token.isEmpty, !hasSpace else {
            throw APIError.unauthorized("not_authenticated", "Not authenticated: use Authorization: Bearer <token>")
        }
        return token
    }
}
