import EventSourcing

/// Any event of the catalog, as a value: switch over it exhaustively, and decode it without boxing.
public enum CatalogEvent: Sendable, Hashable {
    case userRegistered(UserRegistered)
    case roleGranted(RoleGranted)
    case configUpdated(ConfigUpdated)
    case assetListed(AssetListed)
    case priceFetched(PriceFetched)
    case priceCorrected(PriceCorrected)
    case marketCapReported(MarketCapReported)
    case fxRateFetched(FxRateFetched)
    case refreshStarted(RefreshStarted)
    case refreshCompleted(RefreshCompleted)
    case refreshFailed(RefreshFailed)
    case rebalanceRequested(RebalanceRequested)
    case weightsCalculated(WeightsCalculated)
    case allocationChanged(AllocationChanged)
    case indexValued(IndexValued)

    /// Decodes a payload of the catalog's current version of `type`.
    /// - Throws: `EventStoreError.unexpectedEventType` for an unknown type or another version,
    ///   `EventStoreError.corruptRecord` for a malformed payload.
    public init(type: String, schemaVersion: Int, from reader: inout JSONReader) throws {
        func read<Event: DomainEvent>(_: Event.Type) throws -> Event {
            guard schemaVersion == Event.schemaVersion else {
                throw EventStoreError.unexpectedEventType(
                    expected: "\(Event.eventType) v\(Event.schemaVersion)", found: "\(type) v\(schemaVersion)")
            }
            let event = try Event(json: &reader)
            try reader.expectEnd()
            return event
        }
        switch type {
        case PriceFetched.eventType: self = .priceFetched(try read(PriceFetched.self))
        case FxRateFetched.eventType: self = .fxRateFetched(try read(FxRateFetched.self))
        case IndexValued.eventType: self = .indexValued(try read(IndexValued.self))
        case PriceCorrected.eventType: self = .priceCorrected(try read(PriceCorrected.self))
        case MarketCapReported.eventType: self = .marketCapReported(try read(MarketCapReported.self))
        case AssetListed.eventType: self = .assetListed(try read(AssetListed.self))
        case UserRegistered.eventType: self = .userRegistered(try read(UserRegistered.self))
        case RoleGranted.eventType: self = .roleGranted(try read(RoleGranted.self))
        case ConfigUpdated.eventType: self = .configUpdated(try read(ConfigUpdated.self))
        case RefreshStarted.eventType: self = .refreshStarted(try read(RefreshStarted.self))
        case RefreshCompleted.eventType: self = .refreshCompleted(try read(RefreshCompleted.self))
        case RefreshFailed.eventType: self = .refreshFailed(try read(RefreshFailed.self))
        case RebalanceRequested.eventType: self = .rebalanceRequested(try read(RebalanceRequested.self))
        case WeightsCalculated.eventType: self = .weightsCalculated(try read(WeightsCalculated.self))
        case AllocationChanged.eventType: self = .allocationChanged(try read(AllocationChanged.self))
        default:
            throw EventStoreError.unexpectedEventType(expected: "a catalog event", found: "\(type) v\(schemaVersion)")
        }
    }

    /// Decodes a recorded event of the catalog.
    public init(_ recorded: RecordedEvent) throws {
        self = try JSONReader.read(recorded.payload) { reader in
            try CatalogEvent(type: recorded.type, schemaVersion: recorded.schemaVersion, from: &reader)
        }
    }

    /// The event inside.
    public var event: any DomainEvent {
        switch self {
        case .userRegistered(let event): return event
        case .roleGranted(let event): return event
        case .configUpdated(let event): return event
        case .assetListed(let event): return event
        case .priceFetched(let event): return event
        case .priceCorrected(let event): return event
        case .marketCapReported(let event): return event
        case .fxRateFetched(let event): return event
        case .refreshStarted(let event): return event
        case .refreshCompleted(let event): return event
        case .refreshFailed(let event): return event
        case .rebalanceRequested(let event): return event
        case .weightsCalculated(let event): return event
        case .allocationChanged(let event): return event
        case .indexValued(let event): return event
        }
    }
}
