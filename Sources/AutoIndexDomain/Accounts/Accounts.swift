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

    /// The address and password of a registration, checked before the password is hashed.
    /// - Throws: `AccountError.invalid` naming every problem (the address, each password rule).
    public static func validate(email: String, password: String) throws(AccountError) -> EmailAddress {
        var problems: [String] = []
        var address: EmailAddress?
        do { address = try EmailAddress(email) } catch { problems.append(error.description) }
        let weaknesses = PasswordPolicy.failures(password)
        if !weaknesses.isEmpty { problems.append(AccountError.weakPassword(weaknesses).description) }
        guard let address, problems.isEmpty else { throw .invalid(problems) }
        return address
    }

    /// The role called `name`.
    /// - Throws: `AccountError.unknownRole` for a name that is not a role.
    public static func role(named name: String) throws(AccountError) -> Role {
        guard let role = Role(rawValue: name) else { throw .unknownRole(name) }
        return role
    }

    /// Grants `role` to `account`; nothing when it already has it.
    /// - Throws: `EventStoreError.invalidStreamName` for an unusable id.
    public static func grant(_ role: Role, reason: String?, to account: Account) throws -> PlannedAppend {
        guard role != account.role else { return PlannedAppend() }
        let event = RoleGranted(
            userId: account.userId, email: account.email, role: role.rawValue, previousRole: account.role.rawValue,
            reason: reason)
        return PlannedAppend([
            .init(
                stream: try stream(of: account.userId), expectedVersion: .after(account.version),
                events: [PlannedEvent(event)])
        ])
    }
}
