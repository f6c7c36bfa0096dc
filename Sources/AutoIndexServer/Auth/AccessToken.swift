import Foundation
import JWTKit

/// The claims of an AutoIndex access token (JWT, HS256).
struct AccessToken: JWTPayload, Equatable {
    /// The user id.
    var sub: SubjectClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    /// The role when the token was issued; admin commands check the current role.
    var role: String
    /// When the user logged in (seconds since 1970); refreshing keeps it, so a session ends.
    var authTime: Int

    enum CodingKeys: String, CodingKey {
        case sub, iat, exp, role
        case authTime = "auth_time"
    }

    /// Expiry is checked by ``TokenAuthority`` against its own clock.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
