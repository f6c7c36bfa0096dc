import EventSourcing
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The append-only event log on PostgreSQL, shared by any number of AutoIndex instances.
///
/// It keeps the SQLite store's contract exactly (the same conformance suite runs on both): positions
/// gap-free and in commit order, the same SHA-256 chain, idempotency keys and expected versions,
/// here across processes. Each instance group-commits its own appends (``PostgresCommitter``); each
/// commit sends `NOTIFY`, and a listening connection wakes this instance's subscriptions, with
/// polling once a second as the fallback. Every operation waits at most the location's `timeout`,
/// then fails with `EventStoreError.unavailable`.
///
/// - Important: Call ``close()`` when done: the store runs its connection pool in the background.
public final class PostgresEventStore: EventStore {
    public struct Options: Sendable {
        public var clock: WallClock
        public var upcasters: Upcasters
        /// Apply missing schema migrations on open (the schema owner's role only); otherwise an
        /// outdated schema is an error naming `autoindex migrate-schema`.
        public var migrate: Bool

        public init(clock: WallClock = .system, upcasters: Upcasters = .none, migrate: Bool = false) {
            self.clock = clock
            self.upcasters = upcasters
            self.migrate = migrate
        }
    }

    public let location: PostgresLocation
    let client: PostgresClient
    let schema: PostgresLogSchema
    let options: Options
    let logger: Logger
    let signal: AppendSignal
    private let committer: PostgresCommitter
    /// The connection pool's task and the listener's.
    private let background: Mutex<[Task<Void, Never>]> = Mutex([])

    private init(location: PostgresLocation, options: Options, logger: Logger) {
        self.location = location
        self.options = options
        self.logger = logger
        self.schema = PostgresLogSchema(schema: location.schema)
        var quiet = logger
        // postgres-nio logs each failed connection attempt and an early lease; the store reports outages itself.
        quiet.logLevel = .error
        self.client = PostgresClient(configuration: location.clientConfiguration(), backgroundLogger: quiet)
        self.signal = AppendSignal(head: 0)
        self.committer = PostgresCommitter(client: client, schema: schema, clock: options.clock, logger: logger)
    }

    /// Connects, checks (or with `options.migrate`, brings up to date) the schema, and starts
    /// listening for other instances' appends.
    /// - Throws: `EventStoreError.unavailable` when the database cannot be reached in time,
    ///   ``PostgresSchemaError`` when its schema is not the one this build needs.
    public static func open(
        _ location: PostgresLocation, options: Options = Options(),
        logger: Logger = Logger(label: "autoindex.postgres")
    ) async throws -> PostgresEventStore {
        try await probe(location, logger: logger)
        let store = PostgresEventStore(location: location, options: options, logger: logger)
        let client = store.client
        store.background.withLock { $0.append(Task { await client.run() }) }
        do {
            try await store.prepareSchema()
            store.signal.publish(head: try await store.headPosition())
        } catch let error as PSQLError {
            store.close()
            throw PostgresOpenError(
                description: "cannot open the log in \(location.redacted): \(PostgresAvailability.describe(error))")
        } catch {
            store.close()
            throw error
        }
        store.background.withLock { $0.append(Task { await store.listen() }) }
        return store
    }

    /// Connects once outside the pool, so that an unreachable server, a refused password or a missing
    /// database fails now with its reason rather than as a timeout.
    private static func probe(_ location: PostgresLocation, logger: Logger) async throws {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            try await connection.close()
        } catch let error as PSQLError {
            throw PostgresOpenError(
                description: "cannot open the log in \(location.redacted): \(PostgresAvailability.describe(error))")
        }
    }

    /// Stops the background work and closes every connection.
    public func close() {
        background.withLock { tasks in
            for task in tasks { task.cancel() }
            tasks = []
        }
    }

    private func prepareSchema() async throws {
        let (schema, logger, migrate, location) = (schema, logger, options.migrate, location)
        try await withConnection { connection in
            if migrate { _ = try await schema.migrate(connection, logger: logger) }
            let found = try await schema.currentVersion(connection, logger: logger)
            guard found == schema.latestVersion else {
                throw PostgresSchemaError(found: found, needed: schema.latestVersion, location: location)
            }
        }
    }

    /// Runs `body` on a pooled connection within the location's timeout.
    func withConnection<Value: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Value)
        async throws -> Value
    {
        let client = client
        return try await PostgresAvailability.bounded(location.timeout) {
            try await client.withConnection { try await body($0) }
        }
    }

    /// Follows the channel other instances notify on; reconnects after any failure.
    private func listen() async {
        let (channel, logger) = (schema.channel, logger)
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        // Appends made while no connection listened are found by one look at the head.
                        self.signal.publish(head: try await self.headPosition())
                        for try await notification in notifications {
                            if let head = Int64(notification.payload) { self.signal.publish(head: head) }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("listening for appends failed; retrying", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    public func append(_ request: AppendRequest) async throws -> AppendResult {
        try request.validate()
        let committer = committer
        // A large append (an import) gets a millisecond more per event: the bound is there to stop
        // waiting on a database that is gone, not to cut short one that is busy writing.
        let timeout = location.timeout + .milliseconds(request.eventCount)
        let (result, head) = try await PostgresAvailability.bounded(timeout) {
            try await committer.submit(request)
        }
        signal.publish(head: head)
        return result
    }

    /// The columns every read returns, in ``recordedEvent(_:)``'s order.
    static let columns = "position, stream, version, type, schema_version, payload, metadata, recorded_at, hash"

    public func read(after position: Int64, limit: Int, filter: EventFilter) async throws -> [RecordedEvent] {
        var conditions = ["position > $1"]
        var bindings = PostgresBindings()
        bindings.append(position)
        if let stream = filter.stream {
            bindings.append(stream.rawValue)
            conditions.append("stream = $\(bindings.count)")
        }
        if let category = filter.category {
            bindings.append(category)
            conditions.append("category = $\(bindings.count)")
        }
        if !filter.types.isEmpty {
            bindings.append(filter.types.sorted())
            conditions.append("type = ANY($\(bindings.count))")
        }
        bindings.append(Int64(max(0, limit)))
        return try await fetch(
            """
            SELECT \(Self.columns) FROM \(schema.events) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY position LIMIT $\(bindings.count)
            """, bindings)
    }

    public func read(stream: StreamName, fromVersion version: Int64) async throws -> [RecordedEvent] {
        try await fetch(
            "SELECT \(Self.columns) FROM \(schema.events) WHERE stream = $1 AND version >= $2 ORDER BY version",
            PostgresLogSchema.binds(stream.rawValue, version))
    }

    public func headPosition() async throws -> Int64 {
        let (events, logger) = (schema.events, logger)
        return try await withConnection { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT COALESCE(MAX(position), 0) FROM \(events)"), logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
        }
    }

    public func lastPosition(recordedThrough timestamp: String) async throws -> Int64 {
        let (events, logger) = (schema.events, logger)
        return try await withConnection { connection in
            try await connection.query(
                PostgresQuery(
                    unsafeSQL: "SELECT COALESCE(MAX(position), 0) FROM \(events) WHERE recorded_at <= $1",
                    binds: PostgresLogSchema.binds(timestamp)), logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
        }
    }

    public func waitForAppend(after position: Int64, timeout: Duration) async throws -> Int64 {
        let seen = await signal.wait(after: position, timeout: timeout)
        if seen > position { return seen }
        // A notification may have been missed (no listening connection just then): look at the log.
        let head = try await headPosition()
        signal.publish(head: head)
        return head
    }

    private func fetch(_ sql: String, _ bindings: PostgresBindings) async throws -> [RecordedEvent] {
        let (upcasters, logger) = (options.upcasters, logger)
        return try await withConnection { connection in
            var events: [RecordedEvent] = []
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            for try await row in rows {
                events.append(try Self.recordedEvent(row, upcasters: upcasters))
            }
            return events
        }
    }

    static func recordedEvent(_ row: PostgresRow, upcasters: Upcasters) throws -> RecordedEvent {
        let (position, stream, version, type, storedVersion, payloadText, metadataText, recordedAt, hash) =
            try row.decode((Int64, String, Int64, String, Int, String, String, String, String).self)
        var payload = Data(payloadText.utf8)
        var schemaVersion = storedVersion
        if !upcasters.isEmpty, upcasters.latestVersion(of: type) != nil {
            (payload, schemaVersion) = try upcasters.upcast(type: type, version: storedVersion, payload: payload)
        }
        return RecordedEvent(
            position: position, stream: StreamName(unchecked: stream), version: version, type: type,
            schemaVersion: schemaVersion, payload: payload,
            metadata: try EventMetadata(canonicalJSON: Data(metadataText.utf8)), recordedAt: recordedAt, hash: hash)
    }
}

/// The database refused to open the log (a role without rights, a missing database …).
public struct PostgresOpenError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The database's log schema is not the version this build needs.
public struct PostgresSchemaError: Error, CustomStringConvertible, Sendable {
    public let found: Int
    public let needed: Int
    let location: PostgresLocation

    public var description: String {
        let verb = found < needed ? "is at" : "is newer than this build:"
        return """
            the log schema in \(location.redacted) \(verb) version \(found); this build needs version \(needed). \
            Run `autoindex migrate-schema --database <URL of the schema owner>` first
            """
    }
}
