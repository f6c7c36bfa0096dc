import Foundation
import JWTKit
import Synchronization

/// Issues and checks access tokens: HS256 with the configured secret; `alg: none`, other algorithms,
/// forged signatures and expired tokens are all refused.
struct TokenAuthority: Sendable {
    private let keys: JWTKeyCollection
    let settings: AuthSettings
    /// Tokens whose signature was already checked, so a client's every request does not decode and
    /// verify its token again; expiry is still checked each time. Bounded: emptied when full.
    private let verified = VerifiedTokens()

    init(settings: AuthSettings) async {
        self.settings = settings
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: settings.secretKey), digestAlgorithm: .sha256)
    }

    /// The answer to a login, registration or refresh.
    struct Issued: Sendable {
        var token: String
        var expiresIn: Int
    }

    /// A token for `userId` with `role`, for a session that began at `sessionStart` (now by default).
    func issue(userId: String, role: String, sessionStart: Date? = nil) async throws -> Issued {
        let now = settings.now()
        let lifetime = Int(settings.tokenLifetime.components.seconds)
        let claims = AccessToken(
            sub: .init(value: userId),
            iat: .init(value: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))),
            exp: .init(
                value: Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(lifetime)).rounded(.down))),
            role: role, authTime: Int((sessionStart ?? now).timeIntervalSince1970))
        return Issued(token: try await keys.sign(claims), expiresIn: lifetime)
    }

    /// The claims of a valid token.
    /// - Throws: `APIError` 401 `invalid_token` or `token_expired`.
    func verify(_ token: String) async throws -> AccessToken {
        let claims: AccessToken
        if let known = verified.claims(of: token) {
            claims = known
        } else {
            do {
                claims = try await keys.verify(token, as: AccessToken.self)
            } catch {
                throw APIError.unauthorized("invalid_token", "Invalid token")
            }
            verified.keep(claims, for: token)
        }
        guard claims.exp.value > settings.now() else { throw APIError.unauthorized("token_expired", "Token expired") }
        return claims
    }

    /// Whether a session that began at `authTime` may still be refreshed.
    func sessionIsOpen(_ claims: AccessToken) -> Bool {
        let age = settings.now().timeIntervalSince1970 - Double(claims.authTime)
        return age <= Double(settings.maxSessionAge.components.seconds)
    }
}

/// Tokens whose signature has been checked, and their claims.
private final class VerifiedTokens: Sendable {
    private let tokens = Mutex<[String: AccessToken]>([:])
    private let capacity = 10_000

    func claims(of token: String) -> AccessToken? {
        tokens.withLock { $0[token] }
    }

    func keep(_ claims: AccessToken, for token: String) {
        tokens.withLock { tokens in
            if tokens.count >= capacity { tokens.removeAll(keepingCapacity: true) }
            tokens[token] = claims
        }
    }
}
