import EventSourcing
import Foundation
import GRDB

/// What SQLite alone does on this disk with the log's schema: rows like the store benchmark's,
/// inserted through the store's own prepared statement and C-API binding, but with no hashing, no
/// JSON, no validation and no group commit.
///
/// The store's append figures are read against these, measured in the same run: on a shared machine
/// the disk's sync rate moves from minute to minute, and the ratio says more than either figure.
public enum SQLiteCeiling {
    /// Rows per second for the two shapes of commit the store benchmark makes.
    public struct Figures: Sendable {
        /// Transactions of 1,000 rows on one stream, as `append_batched_events_per_s`.
        public var batchedRowsPerSecond: Double
        /// Transactions of one row on each of 16 streams, the commit that 16 concurrent callers share
        /// at best, as `append_concurrent_events_per_s`.
        public var sharedCommitRowsPerSecond: Double
    }

    /// Measures both shapes on a new file at `path` (removed afterwards), each row carrying `payload`
    /// and `metadata`.
    /// - Throws: a `DatabaseError` if the file cannot be created or written.
    public static func measure(
        path: String, durability: SQLiteEventStore.Durability, rows: Int, payload: Data, metadata: Data
    ) throws -> Figures {
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let database = try DatabasePool(path: path)
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability.pragma)")
        }
        try EventLogSchema.migrator.migrate(database)
        var row = HashChain.Fields(
            previousHash: HashChain.genesis, position: 0, stream: "", version: 0, type: "PriceFetched",
            schemaVersion: 1, payload: payload, metadata: metadata, recordedAt: "2026-01-01T00:00:00.000000Z")
        let hash = String(repeating: "a", count: 64)

        /// Seconds to insert `count` rows in transactions of `perCommit`, on `streams` streams in turn.
        func insert(_ count: Int, perCommit: Int, streams: [String]) throws -> Double {
            var versions = [Int64](repeating: 0, count: streams.count)
            let start = ContinuousClock.now
            try database.writeWithoutTransaction { db in
                let statement = try db.cachedStatement(sql: LogWriter.insertSQL)
                var written = 0
                while written < count {
                    try db.inTransaction(.immediate) {
                        for _ in 0..<min(perCommit, count - written) {
                            let stream = written % streams.count
                            versions[stream] += 1
                            row.position += 1
                            row.stream = streams[stream]
                            row.version = versions[stream]
                            try LogStatements.insertEvent(statement, fields: row, hash: hash, db: db)
                            written += 1
                        }
                        return .commit
                    }
                }
            }
            let elapsed = ContinuousClock.now - start
            return max(1e-9, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }

        let batched = try insert(rows, perCommit: 1000, streams: ["asset-RAW"])
        let shared = min(rows, 32_000)
        let sharedSeconds = try insert(shared, perCommit: 16, streams: (0..<16).map { "asset-R\($0)" })
        return Figures(
            batchedRowsPerSecond: Double(rows) / batched, sharedCommitRowsPerSecond: Double(shared) / sharedSeconds)
    }
}
