import EventSourcing

/// The account deciders: registration and role changes, as plans for the log.
public enum Accounts {
    /// The stream of a user's account.
    /// - Throws: `EventStoreError.invalidStreamName` for an id that cannot name a stream.
    public static func stream(of userId: String) throws -> StreamName {
        try StreamName(category: "user", id: userId)
    }

    /// Registers an account. The stream must not exist yet, so two registrations of one user id (which
    /// the adapter derives from the normalised email) cannot both land.
    /// - Throws: `EventStoreError.invalidStreamName` for an unusable id.
    public static func register(userId: String, email: EmailAddress, passwordHash: String, role: Role) throws
        -> PlannedAppend
    {
        let event = UserRegistered(userId: userId, email: email.text, passwordHash: passwordHash, role: role.rawValue)
        return PlannedAppend([
            .init(
                stream: try stream(of: userId), expectedVersion: .noStream,
                events: [PlannedEvent(event)])
        ])
    }

    /// Grants `role` to an account whose stream is at `version` with `current` role; nothing when it
    /// already has that role.
    /// - Throws: `EventStoreError.invalidStreamName` for an unusable id.
    public static func grant(
        _ role: Role, to userId: String, email: String, current: Role, version: Int64, reason: String?
    ) throws -> PlannedAppend {
        guard role != current else { return PlannedAppend() }
        let event = RoleGranted(
            userId: userId, email: email, role: role.rawValue, previousRole: current.rawValue, reason: reason)
        return PlannedAppend([
            .init(
                stream: try stream(of: userId), expectedVersion: .after(version),
                events: [PlannedEvent(event)])
        ])
    }
}
