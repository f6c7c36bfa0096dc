import EventSourcing

/// A user account was created. Stream `user-<user_id>`.
public struct UserRegistered: DomainEvent {
    public static let eventType = "UserRegistered"
    public static let schemaVersion = 1
    public static let streamCategory = "user"

    public var userId: String
    /// Trimmed and lowercased.
    public var email: String
    /// A bcrypt hash; never the password.
    public var passwordHash: String
    /// `user` or `admin`.
    public var role: String

    public init(userId: String, email: String, passwordHash: String, role: String) {
        self.userId = userId
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
    }

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case email
        case passwordHash = "password_hash"
        case role
    }

    public init(json reader: inout JSONReader) throws {
        var userId: String?
        var email: String?
        var passwordHash: String?
        var role: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "user_id": userId = try reader.readString()
            case "email": email = try reader.readString()
            case "password_hash": passwordHash = try reader.readString()
            case "role": role = try reader.readString()
            default: try reader.skipValue()
            }
        }
        self.init(
            userId: try required(userId, "user_id", of: Self.self), email: try required(email, "email", of: Self.self),
            passwordHash: try required(passwordHash, "password_hash", of: Self.self),
            role: try required(role, "role", of: Self.self))
    }
}
