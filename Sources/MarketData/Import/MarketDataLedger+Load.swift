import AutoIndexDomain
import EventSourcing

extension MarketDataLedger {
    /// Reads what the log holds about assets, prices and rates, up to its current head.
    public static func load(from store: any EventStore) async throws -> MarketDataLedger {
        var ledger = MarketDataLedger()
        try await ledger.catchUp(with: store)
        return ledger
    }

    /// Applies what the log gained after ``lastPosition``.
    public mutating func catchUp(with store: any EventStore) async throws {
        let filter = EventFilter(types: Self.eventTypes)
        while true {
            let batch = try await store.read(after: lastPosition, limit: 10_000, filter: filter)
            guard !batch.isEmpty else { break }
            for event in batch { try evolve(event) }
        }
    }

    /// What the log held about assets, prices and rates up to `position` (inclusive).
    public static func load(from store: any EventStore, through position: Int64) async throws -> MarketDataLedger {
        var ledger = MarketDataLedger()
        let filter = EventFilter(types: eventTypes)
        var after: Int64 = 0
        while after < position {
            let batch = try await store.read(after: after, limit: 10_000, filter: filter).filter {
                $0.position <= position
            }
            guard let last = batch.last else { break }
            for event in batch { try ledger.evolve(event) }
            after = last.position
        }
        return ledger
    }
}
