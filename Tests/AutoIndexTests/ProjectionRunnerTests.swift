import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import GRDB
import Logging
import Projections
import ServiceLifecycle
import Testing

/// A projector that counts `TestHappened` events and fails on a chosen `n`.
struct CountingProjector: Projector {
    var name = "counting"
    var version = 1
    var failOn: Int? = nil
    var tables: [String] { ["counted"] }
    var eventTypes: Set<String> { ["TestHappened"] }

    func createTables(_ db: Database) throws {
        try db.execute(
            sql: "CREATE TABLE counted (position INTEGER PRIMARY KEY, n INTEGER NOT NULL, built_by INTEGER NOT NULL)")
    }

    func apply(_ event: RecordedEvent, _ db: Database) throws {
        let n = try JSONSerialization.jsonObject(with: event.payload) as? [String: Int]
        if let failOn, n?["n"] == failOn { throw EventStoreError.corruptRecord("refusing n=\(failOn)") }
        try db.execute(
            sql: "INSERT INTO counted (position, n, built_by) VALUES (?, ?, ?)",
            arguments: [event.position, n?["n"] ?? -1, version])
    }
}

@Suite("Projection runtime")
struct ProjectionRunnerTests {
    /// Polls the runner's status (up to 2 s) until every checkpoint is at `position`.
    func waitForCheckpoints(of runner: ProjectionRunner, at position: Int64) async throws -> Bool {
        for _ in 0..<200 {
            if try await runner.status().allSatisfy({ $0.checkpoint == position }) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    func makeStore(_ scratch: ScratchDirectory) throws -> SQLiteEventStore {
        try SQLiteEventStore(path: scratch.path("log.sqlite"))
    }

    func register(_ store: SQLiteEventStore, _ users: [(String, String)]) async throws {
        for (id, email) in users {
            let event = UserRegistered(userId: id, email: email, passwordHash: "$2b$04$hash", role: "user")
            _ = try await store.append(
                AppendRequest(
                    stream: try StreamName(category: "user", id: id), expectedVersion: .noStream,
                    events: [try ProposedEvent(event, metadata: EventMetadata(actor: "system"))]))
        }
    }

    @Test("catching up builds the users and log-statistics read models exactly")
    func catchUpBuildsShippedReadModels() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try makeStore(scratch)
        try await register(store, [("u1", "ana@example.com"), ("u2", "bo@example.com")])
        _ = try await store.append(
            AppendRequest(stream: TestEvents.stream("asset-AAPL"), events: [TestEvents.event(1), TestEvents.event(2)]))
        let runner = store.projectionRunner([UsersProjector(), LogStatisticsProjector()])
        try await runner.prepare()
        try await runner.catchUp()
        try await runner.catchUp()  // a second pass applies nothing twice

        let users = UserQueries(database: store.database)
        #expect(try await users.count() == 2)
        let ana = try #require(try await users.user(email: "ANA@example.com"))
        #expect(ana.userId == "u1")
        #expect(ana.registeredPosition == 1)
        #expect(try await users.user(id: "u2")?.email == "bo@example.com")

        let stats = LogStatisticsQueries(database: store.database)
        #expect(
            try await stats.countsByType() == [
                LogCount(key: "TestHappened", count: 2, firstPosition: 3, lastPosition: 4),
                LogCount(key: "UserRegistered", count: 2, firstPosition: 1, lastPosition: 2),
            ])
        #expect(
            try await stats.countsByStream(category: "user") == [
                LogCount(key: "user-u1", count: 1, firstPosition: 1, lastPosition: 1),
                LogCount(key: "user-u2", count: 1, firstPosition: 2, lastPosition: 2),
            ])
        #expect(try await stats.countsByStream().count == 3)
        let status = try await runner.status()
        #expect(status.map(\.name) == ["users", "log_statistics"])
        #expect(status.allSatisfy { $0.checkpoint == 4 && $0.lag == 0 && !$0.needsRebuild })
    }

    @Test("status reports lag before catching up")
    func statusReportsLag() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try makeStore(scratch)
        try await register(store, [("u1", "a@example.com"), ("u2", "b@example.com"), ("u3", "c@example.com")])
        let runner = store.projectionRunner([UsersProjector(), LogStatisticsProjector()])
        let before = try await runner.status()
        #expect(before.map(\.lag) == [3, 3])
        #expect(before.map(\.storedVersion) == [nil, nil])
        #expect(before.allSatisfy { $0.needsRebuild })
    }

    @Test("a failing event rolls back its batch: neither rows nor checkpoint move")
    func rowsAndCheckpointShareATransaction() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try makeStore(scratch)
        _ = try await store.append(
            AppendRequest(stream: TestEvents.stream("t-1"), events: (1...5).map { TestEvents.event($0) }))
        let runner = ProjectionRunner(
            projectors: [CountingProjector(failOn: 4)], store: store, database: store.database, batchSize: 10)
        try await runner.prepare()
        await #expect(throws: EventStoreError.corruptRecord("refusing n=4")) { try await runner.catchUp() }
        #expect(try await runner.status().first?.checkpoint == 0)
        #expect(try await store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM counted") } == 0)

        let fixed = ProjectionRunner(projectors: [CountingProjector()], store: store, database: store.database)
        try await fixed.catchUp()
        #expect(
            try await store.database.read { db in try Int.fetchAll(db, sql: "SELECT n FROM counted ORDER BY position") }
                == [1, 2, 3, 4, 5])
    }

    @Test("a changed projector version rebuilds its read model from position 0")
    func versionChangeRebuilds() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try makeStore(scratch)
        _ = try await store.append(
            AppendRequest(stream: TestEvents.stream("t-1"), events: [TestEvents.event(1), TestEvents.event(2)]))
        let v1 = ProjectionRunner(projectors: [CountingProjector(version: 1)], store: store, database: store.database)
        try await v1.prepare()
        try await v1.catchUp()
        _ = try await store.append(AppendRequest(stream: TestEvents.stream("t-1"), events: [TestEvents.event(3)]))

        let v2 = ProjectionRunner(projectors: [CountingProjector(version: 2)], store: store, database: store.database)
        #expect(try await v2.status().first?.needsRebuild == true)
        try await v2.prepare()
        #expect(try await v2.status().first?.checkpoint == 0)
        try await v2.catchUp()
        let rows = try await store.database.read { db in
            try Row.fetchAll(db, sql: "SELECT n, built_by FROM counted ORDER BY position").map {
                [$0[0], $0[1]] as [Int]
            }
        }
        #expect(rows == [[1, 2], [2, 2], [3, 2]])
        #expect(try await v2.status().first?.storedVersion == 2)
    }

    @Test("rebuild of one named projector leaves the others alone; an unknown name is refused")
    func namedRebuild() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try makeStore(scratch)
        try await register(store, [("u1", "a@example.com")])
        let runner = store.projectionRunner([UsersProjector(), LogStatisticsProjector()])
        try await runner.prepare()
        try await runner.catchUp()
        // Damage the users read model by hand; a rebuild restores it from the log.
        try await store.database.write { db in try db.execute(sql: "DELETE FROM users") }
        try await store.database.write { db in try db.execute(sql: "UPDATE log_event_types SET count = 99") }
        try await runner.rebuild("users")
        #expect(try await UserQueries(database: store.database).count() == 1)
        #expect(try await LogStatisticsQueries(database: store.database).countsByType().first?.count == 99)
        await #expect(throws: ProjectionError.unknownProjector("nope", known: ["users", "log_statistics"])) {
            try await runner.rebuild("nope")
        }
    }

    @Test("as a service, the runner follows new appends until shutdown")
    func followsLiveAppends() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try makeStore(scratch)
        try await register(store, [("u1", "a@example.com")])
        let runner = store.projectionRunner([UsersProjector(), LogStatisticsProjector()])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runner.run() }
            try await register(store, [("u2", "b@example.com"), ("u3", "c@example.com")])
            #expect(try await waitForCheckpoints(of: runner, at: 3))
            group.cancelAll()
            await #expect(throws: CancellationError.self) { try await group.waitForAll() }
        }
        #expect(try await UserQueries(database: store.database).count() == 3)
    }

    @Test("in a ServiceGroup, the runner follows appends and returns cleanly on graceful shutdown")
    func gracefulShutdown() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try makeStore(scratch)
        let runner = store.projectionRunner([UsersProjector(), LogStatisticsProjector()])
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: runner)], logger: Logger(label: "test.service-group")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await register(store, [("u1", "a@example.com"), ("u2", "b@example.com")])
            #expect(try await waitForCheckpoints(of: runner, at: 2))
            await group.triggerGracefulShutdown()
            // group.run() returns without error: the runner treats graceful shutdown as a normal end.
            try await tasks.waitForAll()
        }
        #expect(try await UserQueries(database: store.database).count() == 2)
    }
}
