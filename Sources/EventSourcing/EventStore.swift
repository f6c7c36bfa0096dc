/// The append-only event log. SQLite (embedded) and PostgreSQL (several instances) implement it; one
/// conformance suite checks both.
///
/// - Important: Positions are global, gap-free and in commit order; versions count from 1 within a
///   stream. Nothing is ever updated or deleted.
public protocol EventStore: Sendable {
    /// Appends atomically: every part of the request is written, or nothing is.
    /// - Returns: the positions of the new events and each stream's new version. With an
    ///   idempotency key seen before for the same request, the original result.
    /// - Throws: `EventStoreError.wrongExpectedVersion` (naming stream, expected, actual),
    ///   `.idempotencyConflict`, `.invalidAppend`; the log is unchanged after any error.
    func append(_ request: AppendRequest) async throws -> AppendResult

    /// Reads events after `position` (exclusive) in position order.
    /// - Parameters:
    ///   - position: the last position already seen; 0 reads from the start.
    ///   - limit: the most events to return.
    ///   - filter: which events to include.
    func read(after position: Int64, limit: Int, filter: EventFilter) async throws -> [RecordedEvent]

    /// Reads one stream's events from `version` (inclusive), in version order.
    func read(stream: StreamName, fromVersion version: Int64) async throws -> [RecordedEvent]

    /// The position of the last committed event (0 for an empty log).
    func headPosition() async throws -> Int64

    /// The position of the last event recorded at or before `timestamp` (``UTCTimestamp`` text), 0 when
    /// none was: how far the log reached at that moment.
    func lastPosition(recordedThrough timestamp: String) async throws -> Int64

    /// Suspends until the head is past `position` or `timeout` passes, and returns the head.
    /// Subscriptions use it to follow new appends.
    func waitForAppend(after position: Int64, timeout: Duration) async throws -> Int64

    /// Walks the whole log and checks every record's hash against the chain.
    func verify() async throws -> ChainVerification

    /// Events after `position` exactly as stored (before any upcasting), each with the hash it chains
    /// from: what the audit export writes and `migrate` copies.
    func exportedEvents(after position: Int64, limit: Int) async throws -> [ExportedEvent]

    /// The idempotency records whose request ended at a position in `positions`.
    func idempotencyRecords(lastPositionIn positions: ClosedRange<Int64>) async throws -> [IdempotencyRecord]

    /// The database's append-only guards (triggers) that are missing: empty when all are in place.
    func missingAppendOnlyGuards() async throws -> [String]
}

extension EventStore {
    /// Reads every event after `position`, with no filter.
    public func read(after position: Int64, limit: Int = 1000) async throws -> [RecordedEvent] {
        try await read(after: position, limit: limit, filter: .all)
    }

    /// Reads a whole stream.
    public func read(stream: StreamName) async throws -> [RecordedEvent] {
        try await read(stream: stream, fromVersion: 1)
    }

    /// A live subscription: every event after `position` matching `filter`, then each new one as it
    /// is appended, in position order, never skipping or repeating one.
    public func subscribe(after position: Int64 = 0, filter: EventFilter = .all, batchSize: Int = 1000)
        -> EventSubscription
    {
        EventSubscription(store: self, after: position, filter: filter, batchSize: batchSize)
    }
}

/// The outcome of walking the hash chain.
public struct ChainVerification: Sendable, Hashable, Codable {
    /// How many events were checked.
    public var eventCount: Int64
    /// The hash of the last event (the head), or the genesis hash for an empty log.
    public var headHash: String
    /// The first position whose record does not match the chain, if any.
    public var firstBadPosition: Int64?
    /// What was wrong at `firstBadPosition`.
    public var problem: String?

    public init(eventCount: Int64, headHash: String, firstBadPosition: Int64?, problem: String?) {
        self.eventCount = eventCount
        self.headHash = headHash
        self.firstBadPosition = firstBadPosition
        self.problem = problem
    }

    /// Whether every record matched.
    public var isIntact: Bool { firstBadPosition == nil }

    enum CodingKeys: String, CodingKey {
        case eventCount = "event_count"
        case headHash = "head_hash"
        case firstBadPosition = "first_bad_position"
        case problem
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encode(headHash, forKey: .headHash)
        try container.encode(firstBadPosition, forKey: .firstBadPosition)
        try container.encode(problem, forKey: .problem)
    }
}
