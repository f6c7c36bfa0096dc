import EventSourcing
import EventStorePostgres
import EventStoreSQLite
import Foundation
import GRDB
import Testing

/// `autoindex migrate` from a SQLite log into PostgreSQL, and the schema's own guards there.
@Suite("PostgreSQL: migrate and the schema", .enabled(if: PostgresTestDatabase.isConfigured))
struct PostgresMigrationTests {
    /// A SQLite log of `count` events over a few streams, every fifth with an idempotency key.
    func sqliteLog(_ path: String, count: Int) async throws -> SQLiteEventStore {
        let store = try SQLiteEventStore(path: path)
        for n in 1...count {
            _ = try await store.append(
                AppendRequest(
                    stream: TestEvents.stream("order-\(n % 3)"), events: [TestEvents.event(n)],
                    idempotencyKey: n.isMultiple(of: 5) ? "key-\(n)" : nil))
        }
        return store
    }

    @Test(
        "migrate copies positions, versions, times, hashes and idempotency keys, and the copy answers like the original"
    )
    func copiesTheLog() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let source = try await sqliteLog(scratch.path("log.sqlite"), count: 47)
        let location = try PostgresTestDatabase.freshLocation()
        let target = try await PostgresTestDatabase.makeStore(location: location)
        defer { target.close() }
        let run = try CommandLineTests().autoindex([
            "migrate", "--from", "sqlite:///\(scratch.path("log.sqlite"))", "--to",
            try PostgresTestDatabase.url(location),
            "--batch", "10",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let original = try await source.verify()
        #expect(run.stdout.contains(#""copied":47"#))
        #expect(run.stdout.contains(#""head_hash":"\#(original.headHash)""#))
        #expect(run.stdout.contains(#""idempotency_keys":9"#))
        #expect(
            try await target.exportedEvents(after: 0, limit: 100)
                == (try await source.exportedEvents(after: 0, limit: 100)))
        #expect(try await target.verify() == original)
        // The copied keys still answer a repeat with the original result, writing nothing.
        let repeated = try await target.append(
            AppendRequest(
                stream: TestEvents.stream("order-\(10 % 3)"), events: [TestEvents.event(10)], idempotencyKey: "key-10"))
        #expect(repeated.positions == [10])
        #expect(try await target.headPosition() == 47)
        // Appends go on from the copied head and versions.
        let next = try await target.append(
            AppendRequest(
                stream: TestEvents.stream("order-0"), expectedVersion: .exact(15), events: [TestEvents.event(48)]))
        #expect(next.positions == [48])
        #expect(try await target.verify().isIntact)
    }

    @Test(
        "migrate refuses a target that holds events, resumes an interrupted copy with --resume, and refuses to resume another log"
    )
    func refusesAndResumes() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let source = try await sqliteLog(scratch.path("log.sqlite"), count: 30)
        let location = try PostgresTestDatabase.freshLocation()
        let target = try await PostgresTestDatabase.makeStore(location: location)
        defer { target.close() }
        // An interrupted run: the first 12 events made it.
        try await target.importRecords(
            try await source.exportedEvents(after: 0, limit: 12),
            idempotency: try await source.idempotencyRecords(lastPositionIn: 1...12))
        let arguments = [
            "migrate", "--from", scratch.path("log.sqlite"), "--to", try PostgresTestDatabase.url(location),
        ]
        let refused = try CommandLineTests().autoindex(arguments)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("the target already holds 12 events"))
        #expect(try await target.headPosition() == 12)

        let resumed = try CommandLineTests().autoindex(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains(#""copied":18"#) && resumed.stdout.contains(#""resumed_after":12"#))
        #expect(try await target.verify() == (try await source.verify()))

        // Another log's copy is not resumed.
        let other = try await sqliteLog(scratch.path("other.sqlite"), count: 40)
        _ = try await other.append(AppendRequest(stream: TestEvents.stream("order-9"), events: [TestEvents.event(99)]))
        let foreign = try CommandLineTests().autoindex([
            "migrate", "--from", scratch.path("other.sqlite"), "--to", try PostgresTestDatabase.url(location),
            "--resume",
        ])
        #expect(foreign.status != 0)
        #expect(foreign.stderr.contains("are not the source's first 30"))
        let missing = try CommandLineTests().autoindex([
            "migrate", "--from", scratch.path("typo.sqlite"), "--to", try PostgresTestDatabase.url(location),
        ])
        #expect(missing.status != 0 && missing.stderr.contains("there is no log at"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("typo.sqlite")))
    }

    @Test("migrate checks the chain as it copies: a tampered source stops at the bad position")
    func tamperedSource() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        _ = try await sqliteLog(path, count: 25)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER events_reject_update")
            try db.execute(sql: #"UPDATE events SET payload = '{"n":999}' WHERE position = 17"#)
        }
        let location = try PostgresTestDatabase.freshLocation()
        let target = try await PostgresTestDatabase.makeStore(location: location)
        defer { target.close() }
        let run = try CommandLineTests().autoindex([
            "migrate", "--from", path, "--to", try PostgresTestDatabase.url(location), "--batch", "10",
        ])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("stored hash") && run.stderr.contains("nothing after position 10 was copied"),
            "\(run.stderr)")
        #expect(try await target.headPosition() == 10)
    }

    @Test("the log refuses UPDATE, DELETE and TRUNCATE from its owner, and the service role may only INSERT and SELECT")
    func appendOnlyInTheDatabase() async throws {
        let location = try PostgresTestDatabase.freshLocation()
        let store = try await PostgresTestDatabase.makeStore(location: location)
        defer { store.close() }
        _ = try await store.append(
            AppendRequest(stream: TestEvents.stream("order-1"), events: [TestEvents.event(1)], idempotencyKey: "k"))
        #expect(try await store.missingAppendOnlyGuards().isEmpty)
        let table = "\(location.schema).events"
        for statement in [
            "UPDATE \(table) SET type = 'Forged'", "DELETE FROM \(table)", "TRUNCATE \(table) CASCADE",
            "UPDATE \(location.schema).idempotency_keys SET key = 'x'",
            "DELETE FROM \(location.schema).idempotency_keys",
        ] {
            let run = try Psql.run(try PostgresTestDatabase.url(location), statement)
            #expect(run.status != 0, "\(statement) was allowed")
            #expect(run.stderr.contains("the event log is append-only"), "\(run.stderr)")
        }
        guard PostgresTestDatabase.appURL != nil else { return }
        _ = try await PostgresSchemaMigration.run(
            location, grantingTo: "autoindex_app", logger: PostgresTestDatabase.quiet)
        let service = try PostgresTestDatabase.url(location, asService: true)
        for statement in ["UPDATE \(table) SET type = 'Forged'", "DELETE FROM \(table)", "DROP TABLE \(table)"] {
            let run = try Psql.run(service, statement)
            #expect(run.status != 0)
            #expect(run.stderr.contains("permission denied") || run.stderr.contains("must be owner"), "\(run.stderr)")
        }
        let asService = try await PostgresEventStore.open(
            try PostgresLocation(url: service), options: .init(), logger: PostgresTestDatabase.quiet)
        defer { asService.close() }
        let appended = try await asService.append(
            AppendRequest(stream: TestEvents.stream("order-1"), events: [TestEvents.event(2)]))
        #expect(appended.positions == [2])
        #expect(try await asService.verify().isIntact)
    }

    @Test(
        "an unmigrated schema is refused with the command that fixes it; migrate-schema applies versions 1 to 3 once")
    func schemaVersions() async throws {
        let location = try PostgresTestDatabase.freshLocation()
        let url = try PostgresTestDatabase.url(location)
        let refused = try CommandLineTests().autoindex(["events", "verify", "--database", url])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("is at version 0; this build needs version 3"))
        #expect(refused.stderr.contains("autoindex migrate-schema"))
        #expect(!refused.stderr.contains("owner-secret"))
        let first = try CommandLineTests().autoindex(["migrate-schema", "--database", url])
        #expect(first.stdout.contains(#""applied":[1,2,3]"#) && first.stdout.contains(#""version":3"#))
        let again = try CommandLineTests().autoindex(["migrate-schema", "--database", url])
        #expect(again.stdout.contains(#""applied":[]"#))
        let verified = try CommandLineTests().autoindex(["events", "verify", "--database", url])
        #expect(verified.status == 0, "\(verified.stderr)")
    }
}

/// `psql` against a URL, for statements the store never runs.
enum Psql {
    static func run(_ url: String, _ sql: String) throws -> CommandLineTests.Run {
        // psql knows libpq's parameters, not ours: drop them, and pass the schema as the search path.
        var components = try #require(URLComponents(string: url))
        let schema = components.queryItems?.first { $0.name == "schema" }?.value ?? "public"
        components.queryItems = components.queryItems?.filter { !["schema", "timeout", "pool_size"].contains($0.name) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", try #require(components.string), "-v", "ON_ERROR_STOP=1", "-c", sql]
        var environment = ProcessInfo.processInfo.environment
        environment["PGOPTIONS"] = "-c search_path=\(schema)"
        process.environment = environment
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandLineTests.Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
