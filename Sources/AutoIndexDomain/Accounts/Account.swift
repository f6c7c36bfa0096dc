import EventSourcing

/// An account as its `user-<id>` stream tells it: the state the role decider reads.
public struct Account: Sendable, Hashable {
    public var userId: String
    public var email: String
    public var role: Role
    /// The stream's version (the number of its events).
    public var version: Int64
    /// The log position of its last event.
    public var position: Int64

    /// The account the stream's events make; nil for an empty stream (no such account).
    /// - Throws: the catalog's decoding errors.
    public init?(_ history: [RecordedEvent]) throws {
        var account: Account?
        for recorded in history {
            switch try EventCatalog.decode(recorded) {
            case let registered as UserRegistered:
                account = Account(
                    userId: registered.userId, email: registered.email, role: Role(rawValue: registered.role) ?? .user,
                    version: recorded.version, position: recorded.position)
            case let granted as RoleGranted:
                account?.role = Role(rawValue: granted.role) ?? .user
            default:
                break
            }
            account?.version = recorded.version
            account?.position = recorded.position
        }
        guard let account else { return nil }
        self = account
    }

    private init(userId: String, email: String, role: Role, version: Int64, position: Int64) {
        self.userId = userId
        self.email = email
        self.role = role
        self.version = version
        self.position = position
    }
}
