import AutoIndexDomain
import EventSourcing

extension MarketDataLedger {
    /// Reads what the log holds about assets, prices and rates, up to its current head.
    public static func load(from store: any EventStore) async throws -> MarketDataLedger {
        var ledger = MarketDataLedger()
        var position: Int64 = 0
        let filter = EventFilter(types: eventTypes)
        while true {
            let batch = try await store.read(after: position, limit: 10_000, filter: filter)
            guard let last = batch.last else { break }
            for event in batch { try ledger.evolve(event) }
            position = last.position
        }
        return ledger
    }
}
