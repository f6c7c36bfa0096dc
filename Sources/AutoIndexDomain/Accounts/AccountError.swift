/// Why an account command was refused.
public enum AccountError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The email is not a usable address.
    case invalidEmail(String)
    /// The password fails these rules.
    case weakPassword([String])
    /// The role is not `user` or `admin`.
    case unknownRole(String)
    /// A registration with these problems (each already naming its field).
    case invalid([String])

    public var description: String {
        switch self {
        case .invalidEmail(let detail): return detail
        case .weakPassword(let failures): return "password: " + failures.joined(separator: "; ")
        case .unknownRole(let role): return "role: \"\(role)\" is not user or admin"
        case .invalid(let problems): return problems.joined(separator: "; ")
        }
    }
}
