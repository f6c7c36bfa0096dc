import EventSourcing
import Foundation
import GRDB

/// The append-only event log in one SQLite file (GRDB `DatabasePool`, WAL mode).
///
/// Appends go through a group committer: callers arriving while a commit is in flight are written
/// together in the next transaction, each in its own savepoint, so each gets its own result or error
/// while they share one durable commit.
///
/// - Important: Open one store per file per process and share it; read models live in the same
///   file and use ``database``.
public final class SQLiteEventStore: EventStore {
    /// How the writer syncs a commit to disk.
    public struct Durability: Sendable, Hashable {
        let pragma: String
        /// `synchronous=FULL`: an acknowledged append survives power loss. The default.
        public static let full = Durability(pragma: "FULL")
        /// `synchronous=NORMAL`: survives a process crash; the last commits may be lost on power loss.
        public static let normal = Durability(pragma: "NORMAL")
    }

    /// What opening may do to the file.
    public enum Access: Sendable {
        /// Creates the file when it is missing and migrates its schema.
        case create
        /// The file must be an AutoIndex log already; its schema is migrated if older.
        case existing
        /// The file must be an AutoIndex log with the current schema; it is opened read-only, so
        /// nothing is written to it (appends fail).
        case readOnly
    }

    /// Options for opening a store.
    public struct Options: Sendable {
        public var durability: Durability
        public var clock: WallClock
        public var upcasters: Upcasters
        public var access: Access

        public init(
            durability: Durability = .full, clock: WallClock = .system, upcasters: Upcasters = .none,
            access: Access = .create
        ) {
            self.durability = durability
            self.clock = clock
            self.upcasters = upcasters
            self.access = access
        }
    }

    /// The database pool, for read models that live in the same file.
    public let database: DatabasePool
    /// The file's path.
    public let path: String
    let options: Options
    let signal: AppendSignal
    private let committer: GroupCommitter

    /// Opens the log at `path` as `options.access` allows: creating it if needed and migrating its
    /// schema, or only an existing log (read-only if asked).
    /// - Throws: `SQLiteLogUnavailable` when the access needs an existing log and the file is missing
    ///   or not an AutoIndex log; a `DatabaseError` if the file cannot be opened or migrated.
    public init(path: String, options: Options = Options()) throws {
        if options.access != .create { try Self.checkIsLog(path) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.readonly = options.access == .readOnly
        // No memory map (SQLite's default): each connection of the pool would map the file itself, and
        // a page it touched counts in the process's resident memory once per mapping (six mappings of
        // the demo's 240 MB log held 223 MB resident). Pages are read through SQLite's page cache.
        let database = try DatabasePool(path: path, configuration: configuration)
        if options.access == .readOnly {
            guard try database.read({ db in try EventLogSchema.migrator.hasCompletedMigrations(db) }) else {
                throw SQLiteLogUnavailable(
                    path: path, problem: "its schema is older than this version's; open it once to migrate it")
            }
        } else {
            // GRDB sets NORMAL on the pool's single writer connection when it enables WAL; set ours after.
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(options.durability.pragma)")
            }
            try EventLogSchema.migrator.migrate(database)
        }
        let head = try database.read { db in try Self.head(db).position }
        self.database = database
        self.path = path
        self.options = options
        self.signal = AppendSignal(head: head)
        self.committer = GroupCommitter(database: database, clock: options.clock)
    }

    /// Throws unless `path` is a file holding an AutoIndex log, looking at it read-only, so a file
    /// that is something else is left exactly as it was.
    private static func checkIsLog(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SQLiteLogUnavailable(path: path, problem: "there is no such file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let applied = try? DatabaseQueue(path: path, configuration: configuration).read { db in
            try EventLogSchema.migrator.appliedIdentifiers(db)
        }
        guard let applied, applied.contains(EventLogSchema.firstMigration) else {
            throw SQLiteLogUnavailable(path: path, problem: "it is not an AutoIndex log")
        }
    }

    public func append(_ request: AppendRequest) async throws -> AppendResult {
        try request.validate()
        let (result, head) = try await committer.submit(request)
        signal.publish(head: head)
        return result
    }

    public func read(after position: Int64, limit: Int, filter: EventFilter) async throws -> [RecordedEvent] {
        let (sql, arguments) = Self.selectSQL(after: position, limit: limit, filter: filter)
        return try await fetch(sql: sql, arguments: arguments)
    }

    /// The SELECT of every event read: after a position, filtered, in position order, limited.
    static func selectSQL(
        after position: Int64, limit: Int, filter: EventFilter,
        columns: String = "position, stream, version, type, schema_version, payload, metadata, recorded_at, hash"
    ) -> (String, StatementArguments) {
        var conditions = ["position > ?"]
        var arguments: StatementArguments = [position]
        if let stream = filter.stream {
            conditions.append("stream = ?")
            arguments += [stream.rawValue]
        }
        if let category = filter.category {
            conditions.append("category = ?")
            arguments += [category]
        }
        if !filter.types.isEmpty {
            let types = filter.types.sorted()
            conditions.append("type IN (\(types.map { _ in "?" }.joined(separator: ",")))")
            arguments += StatementArguments(types)
        }
        arguments += [max(0, limit)]
        let sql = """
            SELECT \(columns) FROM events WHERE \(conditions.joined(separator: " AND ")) ORDER BY position LIMIT ?
            """
        return (sql, arguments)
    }

    public func read(stream: StreamName, fromVersion version: Int64) async throws -> [RecordedEvent] {
        try await fetch(
            sql: """
                SELECT position, stream, version, type, schema_version, payload, metadata, recorded_at, hash
                FROM events WHERE stream = ? AND version >= ? ORDER BY version
                """,
            arguments: [stream.rawValue, version])
    }

    public func headPosition() async throws -> Int64 {
        try await database.read { db in try Self.head(db).position }
    }

    public func lastPosition(recordedThrough timestamp: String) async throws -> Int64 {
        try await database.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT COALESCE(MAX(position), 0) FROM events WHERE recorded_at <= ?", arguments: [timestamp])
                ?? 0
        }
    }

    public func waitForAppend(after position: Int64, timeout: Duration) async throws -> Int64 {
        let seen = await signal.wait(after: position, timeout: timeout)
        if seen > position { return seen }
        // Another process may have appended: look at the file itself.
        let head = try await headPosition()
        signal.publish(head: head)
        return head
    }

    private func fetch(sql: String, arguments: StatementArguments) async throws -> [RecordedEvent] {
        let upcasters = options.upcasters
        return try await database.read { db in
            var events: [RecordedEvent] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() {
                events.append(try Self.recordedEvent(row, upcasters: upcasters))
            }
            return events
        }
    }

    static func recordedEvent(_ row: Row, upcasters: Upcasters) throws -> RecordedEvent {
        let type: String = row[3]
        let storedVersion: Int = row[4]
        // Copy the payload once, straight from SQLite's buffer; parse the metadata in place.
        var payload = try row.withUnsafeData(atIndex: 5) { data in
            data?.withUnsafeBytes { Data($0) } ?? Data()
        }
        var schemaVersion = storedVersion
        if !upcasters.isEmpty, upcasters.latestVersion(of: type) != nil {
            (payload, schemaVersion) = try upcasters.upcast(type: type, version: storedVersion, payload: payload)
        }
        let metadata = try row.withUnsafeData(atIndex: 6) { data in
            try EventMetadata(canonicalJSON: data ?? Data())
        }
        return RecordedEvent(
            position: row[0], stream: StreamName(unchecked: row[1]), version: row[2], type: type,
            schemaVersion: schemaVersion, payload: payload, metadata: metadata, recordedAt: row[7], hash: row[8])
    }

    static func head(_ db: Database) throws -> (position: Int64, hash: String) {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT position, hash FROM events ORDER BY position DESC LIMIT 1"))
        guard let row else { return (0, HashChain.genesis) }
        return (row[0], row[1])
    }
}
