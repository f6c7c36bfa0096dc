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
}
