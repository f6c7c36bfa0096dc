import EventSourcing

/// An admin changed a user's role. Stream `user-<user_id>`; the admin is the event's actor.
public struct RoleGranted: DomainEvent {
    public static let eventType = "RoleGranted"
    public static let schemaVersion = 1
    public static let streamCategory = "user"

    public var userId: String
    public var email: String
    /// `user` or `admin`: the role from now on.
    public var role: String
    /// The role before.
    public var previousRole: String
    /// Why, as the admin said.
    public var reason: String?

    public init(userId: String, email: String, role: String, previousRole: String, reason: String?) {
        self.userId = userId
        self.email = email
        self.role = role
        self.previousRole = previousRole
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case email
        case role
        case previousRole = "previous_role"
        case reason
    }

    public init(json reader: inout JSONReader) throws {
        var userId: String?
        var email: String?
        var role: String?
        var previousRole: String?
        var reason: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "user_id": userId = try reader.readString()
            case "email": email = try reader.readString()
            case "role": role = try reader.readString()
            case "previous_role": previousRole = try reader.readString()
            case "reason": reason = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(
            userId: try required(userId, "user_id", of: Self.self), email: try required(email, "email", of: Self.self),
            role: try required(role, "role", of: Self.self),
            previousRole: try required(previousRole, "previous_role", of: Self.self), reason: reason)
    }
}
