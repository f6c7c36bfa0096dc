import AutoIndexDomain
import EventSourcing
import GRDB

/// The users read model: one row per registered user, looked up by id or email.
public struct UsersProjector: Projector {
    public let name = "users"
    public let version = 2
    public let tables = ["users"]
    public let eventTypes: Set<String> = [UserRegistered.eventType, RoleGranted.eventType]

    public init() {}

    public func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE users (
                    user_id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    registered_at TEXT NOT NULL,
                    registered_position INTEGER NOT NULL,
                    version INTEGER NOT NULL DEFAULT 1
                )
                """)
    }

    public func apply(_ event: RecordedEvent, _ db: Database) throws {
        if event.type == RoleGranted.eventType {
            let granted = try event.decode(RoleGranted.self)
            try db.cachedStatement(sql: "UPDATE users SET role = ?, version = version + 1 WHERE user_id = ?")
                .execute(arguments: [granted.role, granted.userId])
            return
        }
        let registered = try event.decode(UserRegistered.self)
        // The decider refuses a taken email; should two registrations race past it, the first wins.
        try db.cachedStatement(
            sql: """
                INSERT INTO users (user_id, email, password_hash, role, registered_at, registered_position)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """
        ).execute(
            arguments: [
                registered.userId, registered.email, registered.passwordHash, registered.role, event.recordedAt,
                event.position,
            ])
    }
}

/// A user as the users read model holds it.
public struct UserRecord: Codable, Sendable, Hashable, FetchableRecord {
    public var userId: String
    public var email: String
    public var passwordHash: String
    public var role: String
    public var registeredAt: String
    public var registeredPosition: Int64
    /// The version of the user's stream this row reflects.
    public var version: Int64

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case email
        case passwordHash = "password_hash"
        case role
        case registeredAt = "registered_at"
        case registeredPosition = "registered_position"
        case version
    }
}

/// Queries of the users read model.
public struct UserQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// The user with this email (compared case-insensitively), if any.
    public func user(email: String) async throws -> UserRecord? {
        try await database.read { db in
            try UserRecord.fetchOne(db, sql: "SELECT * FROM users WHERE email = ?", arguments: [email])
        }
    }

    /// The user with this id, if any.
    public func user(id: String) async throws -> UserRecord? {
        try await database.read { db in
            try UserRecord.fetchOne(db, sql: "SELECT * FROM users WHERE user_id = ?", arguments: [id])
        }
    }

    /// Every user, oldest first.
    public func all() async throws -> [UserRecord] {
        try await database.read { db in
            try UserRecord.fetchAll(db, sql: "SELECT * FROM users ORDER BY registered_position")
        }
    }

    /// How many users are registered.
    public func count() async throws -> Int {
        try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 }
    }
}
