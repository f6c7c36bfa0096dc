/// Who may call a route.
public enum Access: String, Sendable, Hashable {
    /// Anyone, without a token.
    case anyone
    /// Any signed-in user (a valid bearer token).
    case user
    /// Users whose current role is admin.
    case admin
}

/// The caller of an authenticated route.
public struct Identity: Sendable {
    public var userId: String
    /// The role the token carries (admin routes check the current one).
    public var role: String
    /// Known on admin routes, which look the user up.
    public var email: String?
    /// The token's claims, for refreshing.
    var token: AccessToken

    /// The actor recorded on the events this caller appends.
    public var actor: String { email ?? "user:\(userId)" }
}
