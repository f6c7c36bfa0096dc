import EventSourcing
import GRDB

/// Read models as they stood at an earlier log position, built in memory from the log alone by the
/// same projectors, so a query run against them answers what it answered then.
public enum PointInTime {
    /// Projects every event of the projectors' `sources` up to `position` (inclusive) into a new
    /// in-memory database, in position order, and finishes one batch.
    /// - Throws: store errors, and a projector's error for a corrupt event.
    public static func snapshot(of projectors: [any Projector], from store: any EventStore, through position: Int64)
        async throws -> DatabaseQueue
    {
        let database = try DatabaseQueue()
        for projector in projectors {
            let events = try await events(for: projector, from: store, through: position)
            try await database.write { db in
                try projector.createTables(db)
                for event in events { try projector.apply(event, db) }
                try projector.finishBatch(db)
            }
        }
        return database
    }

    /// The projector's events up to `position`, each once, in position order.
    static func events(for projector: any Projector, from store: any EventStore, through position: Int64)
        async throws -> [RecordedEvent]
    {
        var found: [Int64: RecordedEvent] = [:]
        for filter in projector.sources {
            var after: Int64 = 0
            reading: while after < position {
                let batch = try await store.read(after: after, limit: 4096, filter: filter)
                for event in batch {
                    guard event.position <= position else { break reading }
                    found[event.position] = event
                }
                guard let last = batch.last else { break }
                after = last.position
            }
        }
        return found.keys.sorted().compactMap { found[$0] }
    }
}
