import Foundation

/// Turns stored payloads of older schema versions into the current one, on read.
///
/// A shipped schema version is frozen; a new shape is a new version plus one step here that maps
/// version N's payload to version N+1's. Readers then see only the latest version.
public struct Upcasters: Sendable {
    /// One step: the payload of `version` in, the payload of `version + 1` out.
    public typealias Step = @Sendable (Data) throws -> Data

    private var steps: [String: [Int: Step]] = [:]
    private var latest: [String: Int] = [:]

    public init() {}

    /// No upcasting at all.
    public static let none = Upcasters()

    /// Registers the step from `version` to `version + 1` of `type`.
    public mutating func register(_ type: String, from version: Int, _ step: @escaping Step) {
        steps[type, default: [:]][version] = step
        latest[type] = max(latest[type] ?? 0, version + 1)
    }

    /// Whether no step is registered at all (the read path then skips every lookup).
    public var isEmpty: Bool { steps.isEmpty }

    /// The current version of `type` if any step is registered for it.
    public func latestVersion(of type: String) -> Int? { latest[type] }

    /// Upcasts a payload to the latest version known for its type.
    /// - Returns: the payload and its version (unchanged if no step applies).
    /// - Throws: `EventStoreError.corruptRecord` when a step fails.
    public func upcast(type: String, version: Int, payload: Data) throws -> (payload: Data, version: Int) {
        guard let chain = steps[type] else { return (payload, version) }
        var payload = payload
        var version = version
        while let step = chain[version] {
            do {
                payload = try step(payload)
            } catch {
                throw EventStoreError.corruptRecord("upcasting \(type) v\(version): \(error)")
            }
            version += 1
        }
        return (payload, version)
    }
}
