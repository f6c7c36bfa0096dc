/// How many callers the next group commit waits for.
///
/// Callers answered together come back together, but one by one. A commit that takes whoever is
/// queued the moment the last one ends splits steady callers into cohorts that alternate: 16 callers
/// become two commits of 8, each paying its own sync. So a batch waits, briefly, for the callers the
/// last commit answered plus those that queued during it; when they do not all come in time, it
/// expects no more than came, until more come unasked.
public struct CommitGathering: Sendable, Hashable {
    /// The callers the next batch waits for.
    public private(set) var expected = 0
    /// At most this many, after a wait that timed out.
    private var limit = Int.max

    public init() {}

    /// Whether a batch of `count` callers should wait for more.
    public func wantsMore(_ count: Int) -> Bool { count < expected }

    /// A batch of `count` callers is about to commit (having waited or not).
    public mutating func gathered(_ count: Int) {
        if count < expected {
            limit = count
        } else if count > limit {
            limit = .max
        }
    }

    /// A commit answered `answered` callers, while `waiting` more queued for the next one.
    public mutating func committed(answered: Int, waiting: Int) {
        expected = min(answered + waiting, limit)
    }
}
