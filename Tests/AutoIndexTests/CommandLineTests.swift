import EventSourcing
import EventStoreSQLite
import Foundation
import GRDB
import Projections
import Testing

/// The `autoindex` executable, run as a user would.
@Suite("autoindex CLI")
struct CommandLineTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func autoindex(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let executable = try #require(PackagePaths.autoindexExecutable, "autoindex must be built beside the tests")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func seed(_ path: String, events: Int) async throws {
        let store = try SQLiteEventStore(path: path)
        for n in 1...events {
            _ = try await store.append(
                AppendRequest(
                    stream: TestEvents.stream(n.isMultiple(of: 2) ? "asset-AAPL" : "user-\(n)"),
                    events: [
                        TestEvents.event(n, type: n.isMultiple(of: 2) ? "PriceFetched" : "UserRegistered")
                    ]))
        }
    }

    @Test("events verify succeeds on an intact log and exits 1 naming the tampered position")
    func verify() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        try await seed(path, events: 6)
        let ok = try autoindex(["events", "verify", "--database", path])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains(#""event_count":6,"first_bad_position":null"#))
        #expect(ok.stdout.contains(#""missing_triggers":[],"ok":true"#))

        let store = try SQLiteEventStore(path: path)
        try await store.database.write { db in
            try db.execute(sql: "DROP TRIGGER events_reject_update")
            try db.execute(sql: "UPDATE events SET metadata = '{\"actor\":\"mallory\"}' WHERE position = 4")
        }
        let broken = try autoindex(["events", "verify", "--database", path])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains(#""first_bad_position":4"#))
        #expect(broken.stdout.contains(#""missing_triggers":["events_reject_update"],"ok":false"#))
        #expect(broken.stderr.contains("event log broken at position 4"))
    }

    @Test("events verify fails when an append-only trigger is missing even if the chain is intact")
    func verifyMissingTrigger() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        try await seed(path, events: 2)
        let store = try SQLiteEventStore(path: path)
        try await store.database.write { db in try db.execute(sql: "DROP TRIGGER events_reject_delete") }
        let run = try autoindex(["events", "verify", "--database", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("append-only triggers missing: events_reject_delete"))
    }

    @Test("events list prints JSON lines filtered by position, stream, category and type")
    func list() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        try await seed(path, events: 6)
        func positions(_ arguments: [String]) throws -> [Int] {
            let run = try autoindex(["events", "list", "--database", path] + arguments)
            #expect(run.status == 0, "\(run.stderr)")
            return try run.stdout.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                return object?["position"] as? Int ?? -1
            }
        }
        #expect(try positions([]) == [1, 2, 3, 4, 5, 6])
        #expect(try positions(["--from", "4"]) == [5, 6])
        #expect(try positions(["--stream", "asset-AAPL"]) == [2, 4, 6])
        #expect(try positions(["--category", "user", "--limit", "2"]) == [1, 3])
        #expect(try positions(["--type", "UserRegistered", "--from", "1"]) == [3, 5])

        let line = try autoindex(["events", "list", "--database", path, "--limit", "1"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "position", "stream", "version", "type", "schema_version", "payload", "metadata", "recorded_at", "hash",
            ])
        #expect((object["payload"] as? [String: Int]) == ["n": 1])
        #expect((object["metadata"] as? [String: String])?["actor"] == "tester")
    }

    @Test("events tail prints the matching events, then follows new appends")
    func tail() async throws {
        let executable = try #require(PackagePaths.autoindexExecutable)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        try await seed(path, events: 2)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["events", "tail", "--database", path, "--stream", "asset-AAPL"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let store = try SQLiteEventStore(path: path)
        for n in 3...6 {
            _ = try await store.append(
                AppendRequest(
                    stream: TestEvents.stream(n.isMultiple(of: 2) ? "asset-AAPL" : "user-\(n)"),
                    events: [TestEvents.event(n)]))
        }
        // A watchdog: if the lines never come, end the process so the read below sees EOF.
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { [process] in
            if process.isRunning { process.terminate() }
        }
        var text = ""
        let handle = output.fileHandleForReading
        while text.split(separator: "\n").count < 3 {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let positions = try text.split(separator: "\n").map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["position"] as? Int
        }
        #expect(positions == [2, 4, 6])
    }

    @Test("serve stops on SIGTERM with exit 0 once every service has stopped")
    func serveStopsGracefully() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let instance = try ServeInstance(
            database: scratch.path("log.sqlite"), readModels: scratch.path("read-models.sqlite"),
            log: scratch.path("serve.log"))
        defer { instance.stop() }
        try await instance.waitUntilReady()
        instance.stop()
        let log = try String(contentsOfFile: scratch.path("serve.log"), encoding: .utf8)
        #expect(instance.process.terminationStatus == 0, "\(log.suffix(2000))")
        #expect(!log.contains("Error:"))
        #expect(log.contains("live feed stopped for shutdown"))
    }

    @Test(
        "commands that need a log never create one: a missing path or a file that is not a log is exit 2 naming it, and nothing is written"
    )
    func readersNeedALog() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let missing = scratch.path("with-a-typo.sqlite")
        let readers: [[String]] = [
            ["audit", "verify"], ["audit", "export"], ["audit", "rebalances"], ["events", "list"], ["events", "tail"],
            ["events", "verify"], ["verify", "replay"], ["projections", "status"], ["projections", "rebuild"],
            ["index", "show"], ["simulate", "--amount", "1000", "--start", "2020-01-02"], ["portfolio", "list"],
        ]
        for arguments in readers {
            let run = try autoindex(arguments + ["--database", missing])
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(
                run.stderr.contains("no AutoIndex log at \(missing): there is no such file"),
                "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(arguments)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty, "no file created")

        // A text file and a SQLite database of something else are refused, byte for byte unchanged.
        let text = scratch.path("notes.sqlite")
        try Data("not a database\n".utf8).write(to: URL(fileURLWithPath: text))
        let other = scratch.path("other.sqlite")
        try await DatabaseQueue(path: other).write { db in try db.execute(sql: "CREATE TABLE things (id INTEGER)") }
        for path in [text, other] {
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            for arguments in [["audit", "verify"], ["events", "list"], ["index", "show"]] {
                let run = try autoindex(arguments + ["--database", path])
                #expect(run.status == 2, "\(arguments) on \(path): \(run.stderr)")
                #expect(run.stderr.contains("no AutoIndex log at \(path): it is not an AutoIndex log"), "\(run.stderr)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }

        // The commands that only read the log leave its file as it was.
        let log = scratch.path("log.sqlite")
        try await seed(log, events: 3)
        let before = try Data(contentsOf: URL(fileURLWithPath: log))
        for arguments in [["audit", "verify"], ["audit", "export"], ["events", "list"], ["events", "verify"]] {
            let run = try autoindex(arguments + ["--database", log])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == before)
        // And the commands that start a log still do.
        let fresh = scratch.path("fresh.sqlite")
        let prices = scratch.path("prices.csv")
        try Data("date,symbol,close\n2024-01-02,AAPL,185.64\n".utf8).write(to: URL(fileURLWithPath: prices))
        let imported = try autoindex(["import", "prices", prices, "--database", fresh])
        #expect(imported.status == 0, "\(imported.stderr)")
        let verified = try autoindex(["audit", "verify", "--database", fresh])
        #expect(verified.status == 0 && verified.stdout.contains(#""event_count":"#), "\(verified.stderr)")
    }

    @Test("a malformed stream name is a clear usage error")
    func badStream() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let run = try autoindex(["events", "list", "--database", scratch.path("log.sqlite"), "--stream", "NoDash"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("invalid stream name \"NoDash\""))
    }

    @Test("bench log grows the demo log with synthetic closes past the events asked for, and refuses an existing file")
    func benchLog() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("big.sqlite")
        // The demo log holds 405,516 events; one import of 20 synthetic symbols passes 410,000 with
        // 20 listings, 20 × 8,313 closes, and the refresh's start and end: 166,282 more.
        let run = try autoindex(["bench", "log", path, "--events", "410000"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "\(path): 571798 events\n")
        #expect(run.stderr.contains("importing synthetic closes of SYN0001 to SYN0020"))
        let first = try autoindex(["events", "list", "--database", path, "--stream", "asset-SYN0001", "--limit", "2"])
        let types = try first.stdout.split(separator: "\n").map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(types == ["AssetListed", "PriceFetched"])
        #expect(try autoindex(["events", "verify", "--database", path]).status == 0)
        let again = try autoindex(["bench", "log", path, "--events", "10"])
        #expect(again.status != 0)
    }

    @Test("bench store prints one JSON object with every figure, and leaves no scratch file behind")
    func benchStore() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let run = try autoindex([
            "bench", "store", "--events", "2000", "--normal-sync", "--directory", scratch.url.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let figures = try #require(object)
        let keys = [
            "append_batched_events_per_s", "append_single_events_per_s", "append_concurrent_events_per_s",
            "read_events_per_s", "read_records_per_s", "catch_up_events_per_s", "rebuild_events_per_s",
            "bytes_per_event", "peak_rss_bytes", "events", "sqlite_batched_rows_per_s",
            "sqlite_shared_commit_rows_per_s", "append_batched_share_of_ceiling", "append_concurrent_share_of_ceiling",
            "import_bundled_events_per_s", "import_share_of_batched",
        ]
        #expect(Set(figures.keys) == Set(keys))
        for key in keys {
            #expect(((figures[key] as? NSNumber)?.doubleValue ?? 0) > 0, "\(key)")
        }
        // 2,000 batched, 2,000 single and 16 × 125 concurrent appends.
        #expect((figures["events"] as? NSNumber)?.intValue == 6000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty)
    }

    @Test("projections status and rebuild print each projector's name, version, checkpoint and lag")
    func projections() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        try await seed(path, events: 3)
        let before = try autoindex(["projections", "status", "--database", path])
        #expect(before.stdout.split(separator: "\n").count == ShippedProjectors.all.count)
        #expect(before.stdout.contains(#""checkpoint":0,"head":3,"lag":3,"name":"users""#))
        let rebuilt = try autoindex(["projections", "rebuild", "log_statistics", "--database", path])
        #expect(rebuilt.status == 0)
        #expect(
            rebuilt.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"checkpoint":3,"head":3,"lag":0,"name":"log_statistics","needs_rebuild":false,"stored_version":1,"version":1}"#
        )
        let unknown = try autoindex(["projections", "rebuild", "nope", "--database", path])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no projection named nope; known: users, log_statistics"))
    }

    @Test("the database comes from --database, else DATABASE_URL (sqlite:/// or a path), else ./autoindex.sqlite")
    func databaseResolution() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("from-url.sqlite")
        try await seed(path, events: 1)
        let viaURL = try autoindex(["events", "list"], environment: ["DATABASE_URL": "sqlite:///" + path])
        #expect(viaURL.stdout.split(separator: "\n").count == 1)
        let viaPath = try autoindex(["events", "list"], environment: ["DATABASE_URL": path])
        #expect(viaPath.stdout.split(separator: "\n").count == 1)
        let postgres = try autoindex(
            ["events", "list"], environment: ["DATABASE_URL": "postgresql://u:pw@h.invalid/db"])
        #expect(postgres.status != 0)
        #expect(postgres.stderr.contains("cannot open the log in postgresql://u@h.invalid:5432/db (schema public"))
        #expect(!postgres.stderr.contains("pw"))
        let mysql = try autoindex(["events", "list"], environment: ["DATABASE_URL": "mysql://u@h/db"])
        #expect(mysql.stderr.contains("DATABASE_URL scheme mysql is not supported"))
        let badMode = try autoindex(
            ["events", "list"], environment: ["DATABASE_URL": "postgres://u:pw@h/db?sslmode=sometimes"])
        #expect(
            badMode.stderr.contains(
                "sslmode sometimes is not one of disable, allow, prefer, require, verify-ca, verify-full"))
    }
}
