/// What an account may do: read (`user`) or also change the strategy, refresh, rebalance and read
/// the log (`admin`).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case user
    case admin
}
