import EventSourcing

/// Every event type AutoIndex records, at its current schema version.
///
/// `EventSchemas/<Type>.v<N>.schema.json` holds the JSON Schema of each; a test keeps the two lists
/// equal. Older versions appear here only through ``upcasters``.
public enum EventCatalog {
    /// The current event types.
    public static let types: [any DomainEvent.Type] = [
        UserRegistered.self,
        RoleGranted.self,
        ConfigUpdated.self,
        AssetListed.self,
        PriceFetched.self,
        PriceCorrected.self,
        MarketCapReported.self,
        FxRateFetched.self,
        RefreshStarted.self,
        RefreshCompleted.self,
        RefreshFailed.self,
        RebalanceRequested.self,
        WeightsCalculated.self,
        AllocationChanged.self,
        IndexValued.self,
    ]

    /// Upcasters from every retired schema version to the current one (none yet: catalog v1).
    public static let upcasters = Upcasters.none

    private static let typesByName: [String: any DomainEvent.Type] = Dictionary(
        uniqueKeysWithValues: types.map { ($0.eventType, $0) })

    /// The type for a stored name, if known.
    public static func type(named name: String) -> (any DomainEvent.Type)? {
        typesByName[name]
    }

    /// Decodes a payload of any catalog type at its current version.
    /// - Throws: `EventStoreError.unexpectedEventType` for an unknown type or another version.
    public static func decode(type name: String, schemaVersion: Int, from reader: inout JSONReader) throws
        -> any DomainEvent
    {
        guard let type = type(named: name), type.schemaVersion == schemaVersion else {
            throw EventStoreError.unexpectedEventType(expected: "a catalog event", found: "\(name) v\(schemaVersion)")
        }
        let event = try type.init(json: &reader)
        try reader.expectEnd()
        return event
    }

    /// Decodes any recorded event of the catalog into its Swift type.
    /// - Throws: `EventStoreError.unexpectedEventType` for a type the catalog does not know.
    public static func decode(_ event: RecordedEvent) throws -> any DomainEvent {
        guard let type = type(named: event.type) else {
            throw EventStoreError.unexpectedEventType(expected: "a catalog event", found: event.type)
        }
        return try event.decode(type)
    }
}
