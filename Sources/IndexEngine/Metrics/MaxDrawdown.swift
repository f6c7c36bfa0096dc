/// The deepest fall of a value path below its running peak, and when it happened.
public struct MaxDrawdown: Sendable, Hashable {
    /// The drawdown as a decimal that is zero or negative: `-0.25` is a fall of a quarter from the peak.
    public var value: Double
    /// The date of the peak the fall started from; `nil` when the path never fell.
    public var peakDate: String?
    /// The date of the lowest point; `nil` when the path never fell.
    public var troughDate: String?
    /// The first date after the trough with the value back at or above the peak; `nil` when the
    /// path has not recovered (or never fell).
    public var recoveryDate: String?

    /// Creates a maximum drawdown from its parts.
    ///
    /// - Parameters:
    ///   - value: The drawdown, zero or negative.
    ///   - peakDate: The date of the peak.
    ///   - troughDate: The date of the trough.
    ///   - recoveryDate: The date of the recovery, if any.
    public init(value: Double, peakDate: String?, troughDate: String?, recoveryDate: String?) {
        self.value = value
        self.peakDate = peakDate
        self.troughDate = troughDate
        self.recoveryDate = recoveryDate
    }
}
