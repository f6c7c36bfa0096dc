import Foundation

/// A fact recorded in the log: a plain property bag with a type name and a schema version.
///
/// Encoding goes through `Encodable` (see ``CanonicalJSON``); decoding through ``init(json:)``, a
/// hand-written field-by-field reader, because the log is read far more often than it is written.
public protocol DomainEvent: Encodable, Sendable, Hashable {
    /// The stored type name, e.g. `PriceFetched`. Frozen once shipped.
    static var eventType: String { get }
    /// The current schema version of this type.
    static var schemaVersion: Int { get }
    /// The category of the streams it is appended to, e.g. `asset` for `asset-AAPL`.
    static var streamCategory: String { get }
    /// The steps from each retired schema version to the next, keyed by the version they read
    /// (`[1: step]` turns a v1 payload into v2). Empty until a version is retired.
    static var upcasters: [Int: Upcasters.Step] { get }
    /// Decodes the current schema version's payload.
    init(json reader: inout JSONReader) throws
}

extension DomainEvent {
    /// No retired versions.
    public static var upcasters: [Int: Upcasters.Step] { [:] }
}

/// The log's canonical JSON: UTF-8, compact, object keys sorted, slashes unescaped.
public enum CanonicalJSON {
    /// Encodes a value canonically.
    public static func encode<Value: Encodable>(_ value: Value) throws -> Data {
        try encoder.encode(value)
    }

    /// One encoder for every payload: its configuration never changes, and encoding is thread-safe.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
