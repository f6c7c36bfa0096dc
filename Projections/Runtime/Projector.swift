import EventSourcing
import GRDB

/// Builds one read model from the log.
///
/// - Important: `name` keys the projector's checkpoint and must never change. Bump `version`
///   whenever `apply` or the tables change: the runner then rebuilds the read model from position 0.
public protocol Projector: Sendable {
    /// Stable forever, e.g. `users`.
    var name: String { get }
    /// The read model's version; a change rebuilds it from the start of the log.
    var version: Int { get }
    /// The tables this projector owns; they are dropped on rebuild.
    var tables: [String] { get }
    /// Event types it reads; others only advance its checkpoint. Empty means all types.
    var eventTypes: Set<String> { get }
    /// The events that can change the read model, as filters on the log; events outside them must be
    /// no-ops for `apply`. Point-in-time views read only these. By default, every event of `eventTypes`.
    var sources: [EventFilter] { get }
    /// Creates the tables (and indexes) of the read model.
    func createTables(_ db: Database) throws
    /// Applies one event. Runs in the same transaction that moves the checkpoint past it.
    /// - Throws: only for a corrupt event; the batch is then rolled back and the runner stops.
    func apply(_ event: RecordedEvent, _ db: Database) throws
    /// Applies a batch's events of `eventTypes`, in position order; by default one by one with
    /// `apply`. A read model that sums many events (the log statistics) writes once per batch instead.
    func apply(batch events: [RecordedEvent], _ db: Database) throws
    /// Runs once after each batch, in its transaction: for read models derived from the whole series
    /// (such as risk metrics), computed once per batch rather than once per event.
    func finishBatch(_ db: Database) throws
}

extension Projector {
    /// Every event of `eventTypes`.
    public var sources: [EventFilter] { [EventFilter(types: eventTypes)] }

    /// Each event in turn.
    public func apply(batch events: [RecordedEvent], _ db: Database) throws {
        for event in events { try apply(event, db) }
    }

    /// Nothing to do after a batch.
    public func finishBatch(_ db: Database) throws {}
}
