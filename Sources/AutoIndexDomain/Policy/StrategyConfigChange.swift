import EventSourcing
import IndexEngine

/// The decider of strategy changes: validates the configuration a patch makes and plans its
/// `ConfigUpdated`, under the strategy stream's version.
public enum StrategyConfigChange {
    /// The sleeve weights must sum to 1 within this (the engine's own tolerance).
    public static let sumTolerance = 1e-9

    /// A frequency the engine runs and the event schema records: a calendar period, or `drift:` with a
    /// plain decimal band above 0 and at most 1 (`drift:0.05` rebalances when a weight drifts 5 points).
    static func isFrequency(_ text: String) -> Bool {
        if ["daily", "weekly", "monthly", "quarterly", "yearly"].contains(text) { return true }
        guard text.hasPrefix("drift:") else { return false }
        let band = text.dropFirst("drift:".count)
        let digits = band.filter { $0 != "." }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            band.filter({ $0 == "." }).count <= 1, !band.hasSuffix("."), let value = Double(band)
        else { return false }
        return value > 0 && value <= 1
    }

    /// The outcome of a change.
    public struct Decision: Sendable, Hashable {
        /// The configuration in force afterwards.
        public var config: ConfigUpdated
        /// Empty when the patch changes nothing.
        public var append: PlannedAppend
    }

    /// The configuration `patch` makes of `current`.
    /// - Throws: `StrategyConfigVersionConflict` when the patch names another version than the one in
    ///   force; `StrategyConfigError` listing every problem.
    public static func validate(_ patch: StrategyConfigPatch, current: ConfigUpdated) throws -> StrategyConfig {
        if let sent = patch.configVersion, sent != current.configVersion {
            throw StrategyConfigVersionConflict(sent: sent, inForce: current.configVersion)
        }
        let next = patch.applied(to: current.config)
        let problems = patch.problems(over: current.config) + StrategyField.problems(in: next)
        guard problems.isEmpty else { throw StrategyConfigError(problems: problems) }
        return next
    }

    /// Plans the change of `current` (the stream at `version`) by `patch`. A reason equal to the
    /// reason in force is the one `GET` answered, sent back: it is not recorded again.
    /// - Throws: as ``validate(_:current:)``.
    public static func decide(_ patch: StrategyConfigPatch, current: ConfigUpdated, version: Int64) throws
        -> Decision
    {
        let next = try validate(patch, current: current)
        let changed = StrategyField.changed(from: current.config, to: next)
        guard !changed.isEmpty else { return Decision(config: current, append: PlannedAppend()) }
        let event = ConfigUpdated(
            indexId: current.indexId, configVersion: current.configVersion + 1, config: next, changedFields: changed,
            reason: patch.reason == current.reason ? nil : patch.reason)
        let stream = IndexStreams.strategy(current.indexId)
        return Decision(
            config: event,
            append: PlannedAppend([
                .init(stream: stream, expectedVersion: .after(version), events: [PlannedEvent(event)])
            ]))
    }
}

/// A strategy change that cannot be made, with every problem named by field.
public struct StrategyConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]
    /// The member of a larger request that held the configuration (`config` of a replay), if any.
    public var member: String?

    public init(problems: [String], member: String? = nil) {
        self.problems = problems
        self.member = member
    }

    /// The same problems, said of the configuration held in `member` of a larger request.
    public func within(_ member: String) -> StrategyConfigError {
        StrategyConfigError(problems: problems, member: member)
    }

    public var description: String {
        (member.map { "\($0): " } ?? "") + problems.joined(separator: "; ")
    }
}

/// A strategy change made against another configuration version than the one in force: another
/// operator changed it meanwhile.
public struct StrategyConfigVersionConflict: Error, Sendable, Hashable, CustomStringConvertible {
    /// The version the caller read.
    public var sent: Int
    /// The version in force.
    public var inForce: Int

    public var description: String {
        "config_version \(sent) is not the version in force (\(inForce)): read the configuration again and retry"
    }
}
