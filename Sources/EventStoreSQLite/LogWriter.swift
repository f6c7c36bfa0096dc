import EventSourcing
import Foundation
import GRDB

/// Appends requests inside one open write transaction, keeping the chain head in memory.
struct LogWriter {
    let db: Database
    let recordedAt: String
    private(set) var head: (position: Int64, hash: String)

    init(db: Database, recordedAt: String) throws {
        self.db = db
        self.recordedAt = recordedAt
        self.head = try SQLiteEventStore.head(db)
    }

    /// Appends one request in a savepoint; on a request error only the savepoint is rolled back and
    /// the error becomes the request's outcome.
    /// - Throws: only when the savepoint itself cannot be managed (the transaction is then unusable).
    mutating func appendInSavepoint(_ request: AppendRequest) throws -> Result<AppendResult, any Error> {
        let headBefore = head
        try LogStatements.run(db.cachedStatement(sql: "SAVEPOINT append"), db: db)
        do {
            let result = try append(request)
            try LogStatements.run(db.cachedStatement(sql: "RELEASE SAVEPOINT append"), db: db)
            return .success(result)
        } catch {
            try LogStatements.run(db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT append"), db: db)
            try LogStatements.run(db.cachedStatement(sql: "RELEASE SAVEPOINT append"), db: db)
            head = headBefore
            return .failure(error)
        }
    }

    /// The statement that writes one record, bound by ``LogStatements/insertEvent(_:fields:hash:db:)``.
    static let insertSQL = """
        INSERT INTO events (position, stream, version, type, schema_version, payload, metadata, recorded_at, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Appends one request; on error the caller rolls back (the savepoint or the transaction).
    mutating func append(_ request: AppendRequest) throws -> AppendResult {
        let digest = request.idempotencyKey.map { _ in request.idempotencyDigest }
        if let key = request.idempotencyKey, let digest {
            if let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT request_digest, result FROM idempotency_keys WHERE key = ?"),
                arguments: [key])
            {
                let storedDigest: String = row[0]
                guard storedDigest == digest else { throw EventStoreError.idempotencyConflict(key: key) }
                let stored: Data = row[1]
                return try JSONDecoder().decode(AppendResult.self, from: stored)
            }
        }

        let versionStatement = try db.cachedStatement(sql: "SELECT MAX(version) FROM events WHERE stream = ?")
        let insert = try db.cachedStatement(sql: Self.insertSQL)
        var positions: [Int64] = []
        positions.reserveCapacity(request.eventCount)
        var versions: [AppendResult.StreamVersion] = []
        for part in request.streams {
            let stream = part.stream.rawValue
            let current = try LogStatements.currentVersion(versionStatement, stream: stream, db: db)
            guard part.expectedVersion.isSatisfied(by: current) else {
                throw EventStoreError.wrongExpectedVersion(
                    stream: stream, expected: part.expectedVersion, actual: current)
            }
            var version = current
            for event in part.events {
                version += 1
                var metadata = event.metadata
                metadata.idempotencyKey = request.idempotencyKey
                let position = head.position + 1
                let fields = HashChain.Fields(
                    previousHash: head.hash, position: position, stream: stream, version: version, type: event.type,
                    schemaVersion: event.schemaVersion, payload: event.payload,
                    metadata: Data(metadata.canonicalJSONBytes), recordedAt: recordedAt)
                let hash = HashChain.hash(fields)
                try LogStatements.insertEvent(insert, fields: fields, hash: hash, db: db)
                head = (position, hash)
                positions.append(position)
            }
            versions.append(AppendResult.StreamVersion(stream: stream, version: version))
        }
        let result = AppendResult(positions: positions, streamVersions: versions)
        if let key = request.idempotencyKey, let digest {
            try db.execute(
                sql: "INSERT INTO idempotency_keys (key, request_digest, result, last_position) VALUES (?, ?, ?, ?)",
                arguments: [key, digest, result.storedJSON, result.lastPosition])
        }
        return result
    }
}
