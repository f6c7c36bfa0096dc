import Foundation

/// Every event type a log holds, each declared once: its type name, schema version, stream category,
/// decoder and upcasters all come from its ``DomainEvent`` conformance.
///
/// The decoder, the store's upcasters, the schema-file check and the API's list of event types are
/// derived from one registry, so adding an event type is its file, one line in the registry and its
/// schema file.
public struct EventRegistry: Sendable {
    /// The registered types, in registration order.
    public let types: [any DomainEvent.Type]
    /// The upcasters from every retired schema version of every type to its current one.
    public let upcasters: Upcasters
    private let byName: [String: any DomainEvent.Type]

    /// A registry of `types`. A name registered twice keeps its first type (a test guards against it).
    public init(_ types: [any DomainEvent.Type]) {
        self.types = types
        byName = Dictionary(types.map { ($0.eventType, $0) }) { first, _ in first }
        var upcasters = Upcasters()
        for type in types {
            for (version, step) in type.upcasters { upcasters.register(type.eventType, from: version, step) }
        }
        self.upcasters = upcasters
    }

    /// The stored type names, in registration order.
    public var typeNames: [String] { types.map { $0.eventType } }

    /// The type stored under `name`, if registered.
    public func type(named name: String) -> (any DomainEvent.Type)? { byName[name] }

    /// Every `(type, version)` pair a log may hold: the current version of each type and each retired
    /// version it upcasts from, as `<Type>.v<N>` (the names of their schema files, without suffix).
    public var schemaNames: [String] {
        types.flatMap { type in
            (Array(type.upcasters.keys) + [type.schemaVersion]).sorted().map { "\(type.eventType).v\($0)" }
        }
    }

    /// Decodes a payload of a registered type at its current version.
    /// - Throws: `EventStoreError.unexpectedEventType` for an unknown type or another version;
    ///   `EventStoreError.corruptRecord` for a malformed payload.
    public func decode(type name: String, schemaVersion: Int, from reader: inout JSONReader) throws
        -> any DomainEvent
    {
        guard let type = byName[name] else {
            throw EventStoreError.unexpectedEventType(expected: "a catalog event", found: "\(name) v\(schemaVersion)")
        }
        guard type.schemaVersion == schemaVersion else {
            throw EventStoreError.unexpectedEventType(
                expected: "\(type.eventType) v\(type.schemaVersion)", found: "\(name) v\(schemaVersion)")
        }
        let event = try type.init(json: &reader)
        try reader.expectEnd()
        return event
    }

    /// Decodes a recorded event of a registered type (the store has already upcast it).
    /// - Throws: as ``decode(type:schemaVersion:from:)``.
    public func decode(_ recorded: RecordedEvent) throws -> any DomainEvent {
        try JSONReader.read(recorded.payload) { reader in
            try decode(type: recorded.type, schemaVersion: recorded.schemaVersion, from: &reader)
        }
    }

    /// Checks that `event` belongs on `stream`: registered, and the stream is of its category.
    /// - Throws: `EventStoreError.invalidAppend` naming the mismatch.
    public func validate(_ event: any DomainEvent, on stream: StreamName) throws {
        let type = Swift.type(of: event)
        guard byName[type.eventType] != nil else {
            throw EventStoreError.invalidAppend("\(type.eventType) is not a registered event type")
        }
        guard stream.category == type.streamCategory else {
            throw EventStoreError.invalidAppend(
                "\(type.eventType) is appended to \(type.streamCategory)-… streams, not \(stream)")
        }
    }
}
