import Foundation

/// One event as the audit export writes it (a line of NDJSON): every field the hash chain covers,
/// exactly as stored (the payload and metadata as their canonical JSON text), with the previous
/// hash and its own, so the export can be checked without the database.
public struct ExportedEvent: Codable, Sendable, Hashable {
    public var position: Int64
    public var stream: String
    public var version: Int64
    public var type: String
    public var schemaVersion: Int
    /// The canonical JSON text of the payload, as hashed.
    public var payload: String
    /// The canonical JSON text of the metadata, as hashed.
    public var metadata: String
    public var recordedAt: String
    public var previousHash: String
    public var hash: String

    public init(
        position: Int64, stream: String, version: Int64, type: String, schemaVersion: Int, payload: String,
        metadata: String, recordedAt: String, previousHash: String, hash: String
    ) {
        self.position = position
        self.stream = stream
        self.version = version
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
        self.recordedAt = recordedAt
        self.previousHash = previousHash
        self.hash = hash
    }

    enum CodingKeys: String, CodingKey {
        case position, stream, version, type, payload, metadata, hash
        case schemaVersion = "schema_version"
        case recordedAt = "recorded_at"
        case previousHash = "previous_hash"
    }

    /// The hash these fields give after `previousHash`.
    public var recomputedHash: String {
        HashChain.hash(
            HashChain.Fields(
                previousHash: previousHash, position: position, stream: stream, version: version, type: type,
                schemaVersion: schemaVersion, payload: Data(payload.utf8), metadata: Data(metadata.utf8),
                recordedAt: recordedAt))
    }
}

/// What checking an export found.
public struct ExportCheck: Sendable, Hashable, Codable {
    /// The position before the first exported event (0 for an export from the beginning).
    public var startsAfter: Int64
    /// The hash the first event chains from (the genesis hash from the beginning).
    public var startHash: String
    public var eventCount: Int64
    /// The hash of the last event checked.
    public var headHash: String
    /// The first position (or line, when it cannot be read) that breaks the chain, if any.
    public var firstBadPosition: Int64?
    public var problem: String?

    public var isIntact: Bool { firstBadPosition == nil }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(startsAfter, forKey: .startsAfter)
        try container.encode(startHash, forKey: .startHash)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encode(headHash, forKey: .headHash)
        try container.encode(firstBadPosition, forKey: .firstBadPosition)
        try container.encode(problem, forKey: .problem)
    }

    enum CodingKeys: String, CodingKey {
        case startsAfter = "starts_after"
        case startHash = "start_hash"
        case eventCount = "event_count"
        case headHash = "head_hash"
        case firstBadPosition = "first_bad_position"
        case problem
    }

    /// Checks exported lines in order: each hash recomputes from its fields and chains from the one
    /// before, and positions follow each other. An export from the beginning must start at the genesis hash.
    public static func check(_ lines: some Sequence<Substring>) -> ExportCheck {
        var result = ExportCheck(
            startsAfter: 0, startHash: HashChain.genesis, eventCount: 0, headHash: HashChain.genesis,
            firstBadPosition: nil, problem: nil)
        var previous: ExportedEvent?
        let decoder = JSONDecoder()
        for (index, line) in lines.enumerated() where !line.isEmpty {
            guard let event = try? decoder.decode(ExportedEvent.self, from: Data(line.utf8)) else {
                result.firstBadPosition = (previous?.position ?? result.startsAfter) + 1
                result.problem = "line \(index + 1) is not an exported event"
                return result
            }
            if let previous {
                guard event.position == previous.position + 1 else {
                    result.firstBadPosition = previous.position + 1
                    result.problem = "position \(previous.position + 1) is missing (found \(event.position) next)"
                    return result
                }
                guard event.previousHash == previous.hash else {
                    result.firstBadPosition = event.position
                    result.problem =
                        "previous_hash \(event.previousHash) is not the hash of position \(previous.position)"
                    return result
                }
            } else {
                result.startsAfter = event.position - 1
                result.startHash = event.previousHash
                if event.position == 1 && event.previousHash != HashChain.genesis {
                    result.firstBadPosition = 1
                    result.problem = "position 1 does not chain from the genesis hash"
                    return result
                }
            }
            let recomputed = event.recomputedHash
            guard recomputed == event.hash else {
                result.firstBadPosition = event.position
                result.problem = "stored hash \(event.hash) does not match the recomputed \(recomputed)"
                return result
            }
            result.eventCount += 1
            result.headHash = event.hash
            previous = event
        }
        return result
    }
}
