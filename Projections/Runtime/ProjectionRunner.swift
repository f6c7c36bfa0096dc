import EventSourcing
import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// Keeps read models up to date: catches each projector up from its checkpoint, then follows the
/// live subscription. A projector's rows and its checkpoint are written in one transaction, so each
/// event is applied exactly once, even across crashes.
public struct ProjectionRunner: Service {
    public let projectors: [any Projector]
    let store: any EventStore
    let database: any DatabaseWriter
    let batchSize: Int
    let logger: Logger
    /// The checkpoints committed by this runner, shared by its copies.
    public let checkpoints = CheckpointBoard()

    /// - Parameters:
    ///   - projectors: the read models to maintain; names must be unique.
    ///   - store: the log to read.
    ///   - database: where the read models and checkpoints live.
    ///   - batchSize: events per transaction.
    public init(
        projectors: [any Projector] = ShippedProjectors.all, store: any EventStore, database: any DatabaseWriter,
        batchSize: Int = 2000,
        logger: Logger = Logger(label: "autoindex.projections")
    ) {
        self.projectors = projectors
        self.store = store
        self.database = database
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Creates the checkpoint table and rebuilds any projector whose stored version differs.
    public func prepare() async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS projection_checkpoints (
                        name TEXT PRIMARY KEY,
                        version INTEGER NOT NULL,
                        position INTEGER NOT NULL CHECK (position >= 0)
                    )
                    """)
        }
        for projector in projectors {
            let stored = try await database.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT version FROM projection_checkpoints WHERE name = ?", arguments: [projector.name])
            }
            if stored != projector.version {
                logger.info(
                    "rebuilding read model",
                    metadata: [
                        "projector": "\(projector.name)", "from_version": "\(stored.map(String.init) ?? "none")",
                    ])
                try await reset(projector)
            }
        }
    }

    /// Rebuilds the read models (all, or the one named) from position 0 while they stay in service:
    /// each is replayed into a scratch database beside the live one, then swapped in with the events
    /// appended meanwhile, in one transaction. Readers see the old read model or the new one, never a
    /// half-built one, and a runner following the log (in this process or another) neither skips nor
    /// repeats an event.
    /// - Returns: what was rebuilt, in the runner's order.
    /// - Throws: `ProjectionError.unknownProjector` for a name no projector has.
    @discardableResult
    public func rebuild(_ name: String? = nil) async throws -> [RebuildReport] {
        try await prepare()
        var reports: [RebuildReport] = []
        for projector in try select(name) { reports.append(try await rebuildBySwap(projector)) }
        return reports
    }

    /// Drops the read models (all, or the one named) and replays them from position 0 in place: only
    /// while nothing reads or follows them (benchmarks measure replay speed with it).
    /// - Throws: `ProjectionError.unknownProjector` for a name no projector has.
    public func rebuildInPlace(_ name: String? = nil) async throws {
        try await prepare()
        let chosen = try select(name)
        for projector in chosen { try await reset(projector) }
        for projector in chosen { try await catchUp(projector) }
    }

    /// Applies every event up to the current head to every projector, then returns.
    public func catchUp() async throws {
        for projector in projectors { try await catchUp(projector) }
    }

    /// Each projector's version, checkpoint and lag.
    public func status() async throws -> [ProjectionStatus] {
        let head = try await store.headPosition()
        let rows = try await database.read { db -> [String: (Int, Int64)] in
            guard try db.tableExists("projection_checkpoints") else { return [:] }
            var found: [String: (Int, Int64)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, version, position FROM projection_checkpoints") {
                found[row[0]] = (row[1], row[2])
            }
            return found
        }
        return projectors.map { projector in
            let stored = rows[projector.name]
            return ProjectionStatus(
                name: projector.name, version: projector.version, storedVersion: stored?.0,
                checkpoint: stored?.1 ?? 0, head: head)
        }
    }

    /// Waits until the named read model has applied the log up to `position` (read-your-writes).
    /// - Returns: whether it got there within `timeout`.
    /// - Throws: `ProjectionError.unknownProjector` for a name no projector has.
    public func waitUntil(_ name: String, reaches position: Int64, timeout: Duration = .seconds(5)) async throws
        -> Bool
    {
        guard let projector = try select(name).first else { return false }
        if let known = checkpoints.position(of: name), known >= position { return true }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while try await checkpoint(of: projector) < position {
            guard clock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Runs until graceful shutdown (then returns) or cancellation (then throws `CancellationError`):
    /// prepares, catches up, then follows new appends. A batch is never half applied either way.
    public func run() async throws {
        try await prepare()
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for projector in projectors {
                        group.addTask { try await follow(projector) }
                    }
                    try await group.waitForAll()
                }
            }
        } catch is CancellationError where Task.isShuttingDownGracefully {
            logger.info("projection runner stopped for shutdown")
        }
    }

    // MARK: - Internals

    private func select(_ name: String?) throws -> [any Projector] {
        guard let name else { return projectors }
        guard let projector = projectors.first(where: { $0.name == name }) else {
            throw ProjectionError.unknownProjector(name, known: projectors.map(\.name))
        }
        return [projector]
    }

    private func reset(_ projector: any Projector) async throws {
        try await database.write { db in
            for table in projector.tables {
                try db.execute(sql: "DROP TABLE IF EXISTS \(table.quotedDatabaseIdentifier)")
            }
            try projector.createTables(db)
            try db.execute(
                sql: """
                    INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, 0)
                    ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = 0
                    """,
                arguments: [projector.name, projector.version])
        }
        checkpoints.reset(projector.name)
    }

    /// The committed checkpoint of the named read model: from memory when this runner committed it,
    /// else from the database.
    /// - Throws: `ProjectionError.unknownProjector` for a name no projector has.
    public func checkpoint(_ name: String) async throws -> Int64 {
        if let known = checkpoints.position(of: name) { return known }
        guard let projector = try select(name).first else { return 0 }
        return try await checkpoint(of: projector)
    }

    private func checkpoint(of projector: any Projector) async throws -> Int64 {
        let position = try await database.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT position FROM projection_checkpoints WHERE name = ?", arguments: [projector.name]) ?? 0
        }
        checkpoints.advance(projector.name, to: position)
        return position
    }

    /// Reads only the projector's `sources` (the log's type and stream indexes skip the rest), merged
    /// in position order, then moves the checkpoint to the head seen before reading: every event up
    /// to it has been committed and read.
    private func catchUp(_ projector: any Projector) async throws {
        var position = try await checkpoint(of: projector)
        let head = try await store.headPosition()
        let sources = projector.sources
        while true {
            // A batch of each source; a full one may have more after its last event, so the merged
            // batch stops there and the next read starts after it.
            var merged: [Int64: RecordedEvent] = [:]
            var complete = Int64.max
            for filter in sources {
                let batch = try await store.read(after: position, limit: batchSize, filter: filter)
                for event in batch { merged[event.position] = event }
                if batch.count == batchSize, let last = batch.last { complete = min(complete, last.position) }
            }
            let events = merged.values.filter { $0.position <= complete }.sorted { $0.position < $1.position }
            guard let last = events.last else { break }
            try await apply(events, to: projector)
            position = last.position
            if complete == .max { break }
        }
        if head > position { try await apply([], to: projector, through: head) }
    }

    private func rebuildBySwap(_ projector: any Projector) async throws -> RebuildReport {
        let started = ContinuousClock.now
        let directory =
            database.path.hasPrefix("/")
            ? (database.path as NSString).deletingLastPathComponent : FileManager.default.temporaryDirectory.path
        let scratchPath = directory + "/.rebuild-\(projector.name)-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: scratchPath + suffix)
            }
        }
        var quiet = logger
        quiet.logLevel = .warning
        let scratch = try DatabaseQueue(path: scratchPath)
        let scratchRunner = ProjectionRunner(
            projectors: [projector], store: store, database: scratch, batchSize: batchSize, logger: quiet)
        try await scratchRunner.prepare()
        try await scratchRunner.catchUp()
        let replayed = try await scratchRunner.checkpoint(projector.name)
        let rows = try await scratch.read { db in
            try projector.tables.reduce(0) { total, table in
                total + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0)
            }
        }
        try scratch.close()

        // Swap it in with the events appended since, unless a runner has meanwhile applied more than
        // were read: then read on and try again.
        let filter = EventFilter(types: projector.eventTypes)
        var since: [RecordedEvent] = []
        var through = replayed
        while true {
            let head = try await store.headPosition()
            var after = through
            while after < head {
                let batch = try await store.read(after: after, limit: batchSize, filter: filter)
                since += batch.filter { $0.position <= head }
                guard let last = batch.last, last.position < head else { break }
                after = last.position
            }
            through = head
            let swapped = try await swap(projector, from: scratchPath, applying: since, through: through)
            if swapped {
                checkpoints.replaced(projector.name, at: through)
                logger.info(
                    "read model rebuilt",
                    metadata: ["projector": "\(projector.name)", "position": "\(through)", "rows": "\(rows)"])
                return RebuildReport(
                    name: projector.name, version: projector.version, position: through, rows: rows,
                    duration: ContinuousClock.now - started)
            }
        }
    }

    /// Replaces the live tables of `projector` by those of the scratch database, applies `events`
    /// and moves the checkpoint to `through`, in one transaction; false (and nothing changed) when the
    /// live checkpoint is already past `through`.
    private func swap(
        _ projector: any Projector, from scratchPath: String, applying events: [RecordedEvent], through: Int64
    )
        async throws -> Bool
    {
        try await database.writeWithoutTransaction { db -> Bool in
            try db.execute(sql: "ATTACH DATABASE ? AS rebuild", arguments: [scratchPath])
            defer { try? db.execute(sql: "DETACH DATABASE rebuild") }
            var swapped = false
            try db.inTransaction {
                let live =
                    try Int64.fetchOne(
                        db, sql: "SELECT position FROM projection_checkpoints WHERE name = ?",
                        arguments: [projector.name]) ?? 0
                guard live <= through else { return .rollback }
                for table in projector.tables {
                    try db.execute(sql: "DROP TABLE IF EXISTS main.\(table.quotedDatabaseIdentifier)")
                }
                try projector.createTables(db)
                for table in projector.tables {
                    let name = table.quotedDatabaseIdentifier
                    try db.execute(sql: "INSERT INTO main.\(name) SELECT * FROM rebuild.\(name)")
                }
                try projector.apply(batch: events, db)
                try projector.finishBatch(db)
                try db.execute(
                    sql: """
                        INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position
                        """,
                    arguments: [projector.name, projector.version, through])
                swapped = true
                return .commit
            }
            return swapped
        }
    }

    /// Catches up through the log's type index (a read model of a few event types skips the rest of
    /// a long log), then follows every new append.
    private func follow(_ projector: any Projector) async throws {
        try await catchUp(projector)
        let start = try await checkpoint(of: projector)
        var events = store.subscribe(after: start, batchSize: batchSize).makeAsyncIterator()
        while true {
            let batch = try await events.nextBatch()
            try await apply(batch, to: projector)
        }
    }

    /// Applies a batch and moves the checkpoint past it, in one transaction.
    private func apply(_ batch: [RecordedEvent], to projector: any Projector, through end: Int64? = nil) async throws {
        guard let last = end ?? batch.last?.position else { return }
        let types = projector.eventTypes
        try await database.write { db in
            let current =
                try Int64.fetchOne(
                    db, sql: "SELECT position FROM projection_checkpoints WHERE name = ?", arguments: [projector.name])
                ?? 0
            try projector.apply(
                batch: batch.filter { $0.position > current && (types.isEmpty || types.contains($0.type)) }, db)
            try projector.finishBatch(db)
            try db.execute(
                sql: "UPDATE projection_checkpoints SET position = ? WHERE name = ? AND position < ?",
                arguments: [last, projector.name, last])
        }
        checkpoints.advance(projector.name, to: last)
    }
}

/// One read model rebuilt while in service.
public struct RebuildReport: Sendable, Hashable, Encodable {
    public var name: String
    public var version: Int
    /// The log position it was swapped in at.
    public var position: Int64
    /// Its rows as replayed from the log (before the events appended during the replay).
    public var rows: Int
    public var duration: Duration

    enum CodingKeys: String, CodingKey {
        case name, version, position, rows
        case durationMs = "duration_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encode(position, forKey: .position)
        try container.encode(rows, forKey: .rows)
        let (seconds, attoseconds) = duration.components
        try container.encode(seconds * 1000 + attoseconds / 1_000_000_000_000_000, forKey: .durationMs)
    }
}

/// Errors of the projection runtime.
public enum ProjectionError: Error, Hashable, CustomStringConvertible {
    case unknownProjector(String, known: [String])

    public var description: String {
        switch self {
        case .unknownProjector(let name, let known):
            return "no projection named \(name); known: \(known.joined(separator: ", "))"
        }
    }
}
