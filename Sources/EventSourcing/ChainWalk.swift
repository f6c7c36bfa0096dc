import Foundation

/// Walks stored records in position order, recomputing each hash from the one before: what
/// `verify` does on every backend and what `migrate` does as it copies.
///
/// The first record that breaks the 1, 2, 3 … sequence or whose stored hash differs from the
/// recomputed one is the problem; nothing after it is judged, since the chain is broken there.
public struct ChainWalk: Sendable {
    /// How many records were checked, the bad one included.
    public private(set) var eventCount: Int64 = 0
    /// The position of the last intact record.
    public private(set) var position: Int64
    /// The hash of the last intact record.
    public private(set) var headHash: String
    /// The first break, if any.
    public private(set) var problem: (position: Int64, reason: String)?

    /// Starts after `position`, whose hash is `hash` (the genesis hash before position 1).
    public init(after position: Int64 = 0, hash: String = HashChain.genesis) {
        self.position = position
        self.headHash = hash
    }

    /// Checks the next stored record.
    /// - Returns: whether it is intact; after the first break every call returns `false`.
    @discardableResult
    public mutating func check(
        position: Int64, stream: String, version: Int64, type: String, schemaVersion: Int, payload: Data,
        metadata: Data, recordedAt: String, hash: String
    ) -> Bool {
        guard problem == nil else { return false }
        eventCount += 1
        guard position == self.position + 1 else {
            problem = (self.position + 1, "position \(self.position + 1) is missing (found \(position) next)")
            return false
        }
        let computed = HashChain.hash(
            HashChain.Fields(
                previousHash: headHash, position: position, stream: stream, version: version, type: type,
                schemaVersion: schemaVersion, payload: payload, metadata: metadata, recordedAt: recordedAt))
        guard computed == hash else {
            problem = (position, "stored hash \(hash) does not match the recomputed \(computed)")
            return false
        }
        self.position = position
        headHash = hash
        return true
    }

    /// Checks the next record of an export (or of a copy between logs).
    @discardableResult
    public mutating func check(_ event: ExportedEvent) -> Bool {
        check(
            position: event.position, stream: event.stream, version: event.version, type: event.type,
            schemaVersion: event.schemaVersion, payload: Data(event.payload.utf8), metadata: Data(event.metadata.utf8),
            recordedAt: event.recordedAt, hash: event.hash)
    }

    /// The outcome so far, as `verify` reports it.
    public var verification: ChainVerification {
        ChainVerification(
            eventCount: eventCount, headHash: headHash, firstBadPosition: problem?.position, problem: problem?.reason)
    }
}
