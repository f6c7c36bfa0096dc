import Foundation

/// How accounts and tokens work: the signing key, token and session lifetimes, the bcrypt cost, and
/// the emails that are admins.
public struct AuthSettings: Sendable {
    /// The HS256 signing key; at least ``minimumSecretLength`` bytes.
    public let secretKey: String
    /// How long a token is valid (`ACCESS_TOKEN_EXPIRE_MINUTES`, 1440 by default).
    public var tokenLifetime: Duration
    /// How long after login refreshing still works (`SESSION_MAX_AGE_MINUTES`, 7 days by default).
    public var maxSessionAge: Duration
    /// The bcrypt cost of new password hashes (`BCRYPT_COST`, 12 by default).
    public var bcryptCost: UInt8
    /// Accounts with these (normalised) emails are admins (`ADMIN_EMAILS`, comma separated).
    public var adminEmails: Set<String>
    /// Failed logins allowed per account and per client within ``throttleWindow``.
    public var failuresPerAccount = 5
    public var failuresPerClient = 20
    public var throttleWindow: Duration = .seconds(15 * 60)
    /// The clock tokens and throttling read (tests move it).
    public var now: @Sendable () -> Date

    /// jwt-kit asserts on shorter HMAC keys, so they are refused up front.
    public static let minimumSecretLength = 32

    /// - Throws: `AuthSettingsError` for a short key or a cost outside 4…31.
    public init(
        secretKey: String, tokenLifetime: Duration = .seconds(1440 * 60),
        maxSessionAge: Duration = .seconds(7 * 86_400),
        bcryptCost: UInt8 = 12, adminEmails: Set<String> = [], now: @escaping @Sendable () -> Date = Date.init
    ) throws(AuthSettingsError) {
        guard secretKey.utf8.count >= Self.minimumSecretLength else {
            throw .shortSecret(secretKey.utf8.count)
        }
        guard (4...31).contains(bcryptCost) else { throw .invalid("BCRYPT_COST \(bcryptCost) is not from 4 to 31") }
        guard tokenLifetime > .zero, maxSessionAge >= tokenLifetime else {
            throw .invalid("the session age must be at least the token lifetime, and both positive")
        }
        self.secretKey = secretKey
        self.tokenLifetime = tokenLifetime
        self.maxSessionAge = maxSessionAge
        self.bcryptCost = bcryptCost
        self.adminEmails = adminEmails
        self.now = now
    }
}

/// Why auth settings were refused.
public enum AuthSettingsError: Error, Hashable, CustomStringConvertible {
    case shortSecret(Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .shortSecret(let length):
            return
                "SECRET_KEY is \(length) bytes; it must be at least \(AuthSettings.minimumSecretLength) (generate one with: openssl rand -base64 48)"
        case .invalid(let detail): return detail
        }
    }
}
