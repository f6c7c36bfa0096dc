import EventSourcing

/// Every event type AutoIndex records: the one registry the decoder, the store's upcasters, the
/// schema-file check (`EventSchemas/<Type>.v<N>.schema.json`) and the API's event type list derive
/// from.
///
/// Adding an event type is its file in `Events/`, one line here and its schema file.
public enum EventCatalog {
    /// The registry.
    public static let registry = EventRegistry([
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
        PortfolioOpened.self,
        CashDeposited.self,
        CashWithdrawn.self,
        OrderPlaced.self,
        BrokerOrderUpdated.self,
        OrderFilled.self,
        OrderRejected.self,
        OrderCanceled.self,
        PortfolioClosed.self,
    ])

    /// The current event types.
    public static var types: [any DomainEvent.Type] { registry.types }

    /// Upcasters from every retired schema version to the current one.
    public static var upcasters: Upcasters { registry.upcasters }

    /// The type for a stored name, if known.
    public static func type(named name: String) -> (any DomainEvent.Type)? { registry.type(named: name) }

    /// Decodes a payload of any catalog type at its current version.
    /// - Throws: `EventStoreError.unexpectedEventType` for an unknown type or another version.
    public static func decode(type name: String, schemaVersion: Int, from reader: inout JSONReader) throws
        -> any DomainEvent
    {
        try registry.decode(type: name, schemaVersion: schemaVersion, from: &reader)
    }

    /// Decodes any recorded event of the catalog into its Swift type.
    /// - Throws: `EventStoreError.unexpectedEventType` for a type or version the catalog does not know.
    public static func decode(_ event: RecordedEvent) throws -> any DomainEvent { try registry.decode(event) }
}
