/// How a sleeve took part in a decision.
public struct SleeveOutcome: Sendable, Hashable {
    /// Which sleeve.
    public var sleeve: StrategySleeve
    /// The weight the configuration gives it.
    public var configuredWeight: Double
    /// The weight it got after renormalising over the sleeves present (0 when left out).
    public var appliedWeight: Double
    /// Why it was left out or changed, e.g. `no market-cap facts`.
    public var note: String?

    /// An outcome from its parts.
    public init(sleeve: StrategySleeve, configuredWeight: Double, appliedWeight: Double, note: String?) {
        self.sleeve = sleeve
        self.configuredWeight = configuredWeight
        self.appliedWeight = appliedWeight
        self.note = note
    }
}
