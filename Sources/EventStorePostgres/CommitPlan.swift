import EventSourcing
import Foundation

/// The pure half of a PostgreSQL commit: given the head, each stream's version and the stored
/// idempotency records, decides each request's outcome and the rows to insert, as the appending
/// transaction holds the log's lock (so nothing it read can change before it commits).
struct CommitPlan {
    /// One row of `events`, with its hash.
    struct Row {
        var fields: HashChain.Fields
        var hash: String
    }

    private(set) var head: (position: Int64, hash: String)
    let recordedAt: String
    /// Each planned stream's version after this commit (and the versions planned from).
    private(set) var versions: [String: Int64]
    /// Idempotency records known so far: stored ones and those of earlier requests in this commit.
    private var known: [String: (digest: String, result: AppendResult)]
    private(set) var rows: [Row] = []
    private(set) var newRecords: [IdempotencyRecord] = []

    init(
        head: (position: Int64, hash: String), recordedAt: String, versions: [String: Int64],
        records: [String: (digest: String, result: AppendResult)]
    ) {
        self.head = head
        self.recordedAt = recordedAt
        self.versions = versions
        self.known = records
    }

    /// Plans one request: its result, or the error it fails with (then it adds no rows).
    mutating func plan(_ request: AppendRequest) -> Result<AppendResult, any Error> {
        let digest = request.idempotencyKey.map { _ in request.idempotencyDigest }
        if let key = request.idempotencyKey, let digest, let record = known[key] {
            guard record.digest == digest else { return .failure(EventStoreError.idempotencyConflict(key: key)) }
            return .success(record.result)
        }
        for part in request.streams {
            let current = versions[part.stream.rawValue] ?? 0
            guard part.expectedVersion.isSatisfied(by: current) else {
                return .failure(
                    EventStoreError.wrongExpectedVersion(
                        stream: part.stream.rawValue, expected: part.expectedVersion, actual: current))
            }
        }
        var positions: [Int64] = []
        var streamVersions: [AppendResult.StreamVersion] = []
        for part in request.streams {
            let stream = part.stream.rawValue
            var version = versions[stream] ?? 0
            for event in part.events {
                version += 1
                var metadata = event.metadata
                metadata.idempotencyKey = request.idempotencyKey
                let fields = HashChain.Fields(
                    previousHash: head.hash, position: head.position + 1, stream: stream, version: version,
                    type: event.type, schemaVersion: event.schemaVersion, payload: event.payload,
                    metadata: Data(metadata.canonicalJSONBytes), recordedAt: recordedAt)
                let hash = HashChain.hash(fields)
                rows.append(Row(fields: fields, hash: hash))
                head = (fields.position, hash)
                positions.append(fields.position)
            }
            versions[stream] = version
            streamVersions.append(AppendResult.StreamVersion(stream: stream, version: version))
        }
        let result = AppendResult(positions: positions, streamVersions: streamVersions)
        if let key = request.idempotencyKey, let digest {
            known[key] = (digest, result)
            newRecords.append(
                IdempotencyRecord(
                    key: key, requestDigest: digest, result: result.storedJSON, lastPosition: result.lastPosition))
        }
        return .success(result)
    }
}
