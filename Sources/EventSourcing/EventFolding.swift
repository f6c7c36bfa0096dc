/// State built by applying recorded events in log order, held in memory (the market data an index
/// policy reads, say). ``EventStore/fold(_:through:)`` brings one up to date.
public protocol EventFolding: Sendable {
    /// The event types it reads; the rest of the log is skipped.
    static var eventTypes: Set<String> { get }
    /// The position of the last event applied; 0 before any.
    var lastPosition: Int64 { get }
    /// Applies one recorded event; it must advance ``lastPosition`` to the event's position.
    mutating func evolve(_ recorded: RecordedEvent) throws
}

extension EventStore {
    /// `state` with every event of its types after its ``EventFolding/lastPosition`` applied, up to
    /// the log's head or up to `position` (inclusive).
    /// - Throws: the store's read errors and the state's evolve errors.
    public func fold<State: EventFolding>(_ state: State, through position: Int64? = nil) async throws -> State {
        var state = state
        let filter = EventFilter(types: State.eventTypes)
        while position.map({ state.lastPosition < $0 }) ?? true {
            let batch = try await read(after: state.lastPosition, limit: 10_000, filter: filter)
            let wanted = position.map { last in batch.prefix { $0.position <= last } } ?? batch[...]
            guard !wanted.isEmpty else { break }
            for event in wanted { try state.evolve(event) }
        }
        return state
    }
}
