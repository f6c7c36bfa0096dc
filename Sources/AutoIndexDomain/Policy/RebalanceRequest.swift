/// A rebalance asked for outside the schedule: by an operator, or because the configuration changed.
public struct RebalanceRequest: Sendable, Hashable {
    /// `manual` or `config_change`.
    public var trigger: String
    public var reason: String?

    public init(trigger: String, reason: String?) {
        self.trigger = trigger
        self.reason = reason
    }

    /// An operator's rebalance.
    public static func manual(reason: String?) -> RebalanceRequest {
        RebalanceRequest(trigger: "manual", reason: reason)
    }
}
