import AsyncHTTPClient
import Benchmarks
import EventSourcing
import EventStorePostgres
import Foundation
import GRDB
import IndexService
import MarketData
import NIOCore
import NIOHTTP1
import Projections
import Testing

/// What only several processes on one PostgreSQL log can break: positions, the chain, idempotency
/// keys and expected versions under writers in four processes, and three `serve` instances sharing
/// one log. Runs when `AUTOINDEX_TEST_POSTGRES_URL` is set (`.ci/run` sets it).
@Suite("PostgreSQL: several processes", .enabled(if: PostgresTestDatabase.isConfigured), .serialized)
struct PostgresProcessesTests {
    @Test("4 processes × 16 callers with 2 subscribers: every position once, in order; keys and races across processes")
    func contention() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let location = try PostgresTestDatabase.freshLocation()
        let setup = try await PostgresTestDatabase.makeStore(location: location)
        defer { setup.close() }
        let (processes, callers, appends) = (4, 16, 40)
        // Own and shared appends from everyone; keyed requests and races written once each.
        let total = Int64(processes * callers * appends / 2 + callers * appends / 2)

        let subscribers = try await (0..<2).asyncMap { _ in try await PostgresEventStore.open(location) }
        defer { for subscriber in subscribers { subscriber.close() } }
        let outcomes = try await withThrowingTaskGroup(of: Result.self) { group in
            for subscriber in subscribers {
                group.addTask {
                    var seen: [Int64] = []
                    for try await event in subscriber.subscribe(after: 0, batchSize: 100) {
                        seen.append(event.position)
                        if seen.count == total { break }
                    }
                    return .seen(seen)
                }
            }
            for process in 0..<processes {
                group.addTask {
                    let run = try CommandLineTests().autoindex([
                        "debug", "append-contention", "--database", PostgresTestDatabase.url(location),
                        "--process", "p\(process)", "--callers", "\(callers)", "--appends", "\(appends)",
                        "--read-models", scratch.path("read-models-\(process).sqlite"),
                    ])
                    #expect(run.status == 0, "\(run.stderr)")
                    return .outcome(
                        try JSONDecoder().decode(AppendContention.Outcome.self, from: Data(run.stdout.utf8)))
                }
            }
            var seen: [[Int64]] = []
            var outcomes: [AppendContention.Outcome] = []
            for try await result in group {
                switch result {
                case .seen(let positions): seen.append(positions)
                case .outcome(let outcome): outcomes.append(outcome)
                }
            }
            for positions in seen { #expect(positions == Array(1...total)) }
            return outcomes
        }

        #expect(try await setup.headPosition() == total)
        // Every position acknowledged to exactly one writer, or to every sender of one keyed request.
        let keyed = outcomes.map(\.idempotent)
        var answers: [String: Set<[Int64]>] = [:]
        for map in keyed { for (key, positions) in map { answers[key, default: []].insert(positions) } }
        #expect(answers.count == callers * appends / 4)
        #expect(
            answers.values.allSatisfy { $0.count == 1 }, "a key answered different positions in different processes")
        let written = outcomes.flatMap(\.positions) + answers.values.flatMap { $0.first ?? [] }
        #expect(written.sorted() == Array(1...total))
        // Each race has one winner across the four processes.
        let won = outcomes.flatMap(\.racesWon)
        #expect(won.count == callers * appends / 4)
        #expect(Set(won).count == won.count)
        #expect(outcomes.map(\.racesLost).reduce(0, +) == (processes - 1) * callers * appends / 4)
        for stream in ["shared-1", "load-p0c0", "race-c0i3"] {
            let versions = try await setup.read(stream: try StreamName(stream)).map(\.version)
            #expect(versions == Array(1...Int64(versions.count)))
        }
        let verification = try await setup.verify()
        #expect(verification.isIntact && verification.eventCount == total)
        let audit = try CommandLineTests().autoindex([
            "audit", "verify", "--database", PostgresTestDatabase.url(location),
        ])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains(#""event_count":\#(total)"#))
    }

    private enum Result: Sendable {
        case seen([Int64])
        case outcome(AppendContention.Outcome)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}

extension PostgresProcessesTests {
    @Test(
        "three serve instances share one log: register on one, log in on another, a config change streams live to the others, shows everywhere with min_position and its rebalance verifies, killing the leader moves the lease"
    )
    func threeInstances() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let location = try PostgresTestDatabase.freshLocation()
        let seed = try await PostgresTestDatabase.makeStore(location: location)
        defer { seed.close() }
        let prices = URL(fileURLWithPath: scratch.path("prices.csv"))
        try SyntheticPrices.file().write(to: prices, atomically: true, encoding: .utf8)
        _ = try await MarketDataImporter(store: seed).importPriceFile(at: prices)
        _ = try await IndexUpdater(store: seed).update()
        let serviceRole = PostgresTestDatabase.appURL != nil
        if serviceRole {
            _ = try await PostgresSchemaMigration.run(
                location, grantingTo: "autoindex_app", logger: PostgresTestDatabase.quiet)
        }
        let url = try PostgresTestDatabase.url(location, asService: serviceRole)
        var instances = try (0..<3).map { index in
            try ServeInstance(
                database: url, readModels: scratch.path("read-models-\(index).sqlite"),
                log: scratch.path("server-\(index).log"))
        }
        defer { for instance in instances { instance.stop() } }
        for instance in instances { try await instance.waitUntilReady() }

        // A user registered on the first instance logs in on the second; its token works on the third.
        let (a, b, c) = (instances[0], instances[1], instances[2])
        let registered = try await a.send(
            .POST, "/api/v1/auth/register", json: #"{"email": "u@example.com", "password": "Index-Fund-42"}"#)
        #expect(registered.status == 200)
        let login = try await b.send(
            .POST, "/api/v1/auth/login", json: #"{"email": "u@example.com", "password": "Index-Fund-42"}"#)
        #expect(login.status == 200)
        let token = try #require(login.json["access_token"] as? String)
        let me = try await c.send(.GET, "/api/v1/auth/me", token: token)
        #expect(me.status == 200 && me.json["email"] as? String == "u@example.com")

        // An admin's configuration change on the second shows on the others at its position.
        let admin = try #require(
            try await a.send(
                .POST, "/api/v1/auth/register",
                json: #"{"email": "\#(ServeInstance.admin)", "password": "Index-Fund-42"}"#
            )
            .json["access_token"] as? String)
        // Live streams on the other two instances see it as it is appended on the second.
        let streams = try await [a, c].asyncMap { instance in
            try await LiveStreamClient.open(port: instance.port, "/api/v1/stream", token: token)
        }
        let readers = streams.map { stream in
            Task {
                try await LiveStreamClient.read(stream.body) { messages in
                    messages.contains { $0.event == "AllocationChanged" }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(500))
        let changed = try await b.send(
            .PUT, "/api/v1/strategy/config", token: admin,
            json: #"{"rebalance_frequency": "weekly", "reason": "three instances"}"#)
        #expect(changed.status == 200, "\(changed.json)")
        let position = try #require(changed.json["position"] as? Int)
        for reader in readers {
            let received = try await reader.value.messages.filter { $0.id != nil }
            #expect(
                received.map(\.event) == [
                    "ConfigUpdated", "RebalanceRequested", "WeightsCalculated", "AllocationChanged",
                ])
            #expect(received.last?.id == Int64(position))
        }
        for instance in [a, c] {
            let config = try await instance.send(.GET, "/api/v1/strategy/config?min_position=\(position)", token: token)
            #expect(config.status == 200)
            #expect(config.json["rebalance_frequency"] as? String == "weekly", "\(config.json)")
        }

        // The audit trail on another instance: the change's rebalance is listed and recomputes to
        // what was recorded, and the chain checks out over the whole shared log.
        let list = try await c.send(.GET, "/api/v1/audit/rebalances", token: admin)
        let rebalances = try #require(list.json["rebalances"] as? [[String: Any]], "\(list.json)")
        let latest = try #require(rebalances.last)
        #expect(latest["trigger"] as? String == "config_change" && latest["config_version"] as? Int == 2, "\(latest)")
        let id = try #require(latest["rebalance_id"] as? String)
        let detail = try await c.send(.GET, "/api/v1/audit/rebalances/\(id)", token: admin)
        #expect(detail.status == 200 && (detail.json["events"] as? [Any])?.count == 3, "\(detail.json)")
        let verified = try await c.send(.GET, "/api/v1/audit/rebalances/\(id)/verify", token: admin)
        #expect(verified.status == 200 && verified.json["matches"] as? Bool == true, "\(verified.json)")
        let chain = try await a.send(.GET, "/api/v1/audit/verify", token: admin)
        #expect(chain.status == 200 && chain.json["problem"] is NSNull, "\(chain.json)")
        #expect(chain.json["event_count"] as? Int == Int(try await seed.headPosition()))

        // Exactly one leads; killed with SIGKILL, another takes the lease.
        let leaders = try await instances.asyncMap { try await $0.isLeader() }
        #expect(leaders.filter { $0 }.count == 1)
        let leader = try #require(leaders.firstIndex(of: true))
        instances[leader].kill()
        let survivors = instances.indices.filter { $0 != leader }.map { instances[$0] }
        var moved = false
        for _ in 0..<100 where !moved {
            try await Task.sleep(for: .milliseconds(200))
            moved = try await survivors.asyncMap { try await $0.isLeader() }.filter { $0 }.count == 1
        }
        #expect(moved, "no surviving instance took the lease")
        instances.remove(at: leader)
    }
}

/// `autoindex serve` as a process of its own, on a free port.
final class ServeInstance: @unchecked Sendable {
    static let admin = "admin@example.com"
    let process = Process()
    let port: Int

    init(database: String, readModels: String, log: String) throws {
        port = Int.random(in: 20_000...40_000)
        let executable = try #require(PackagePaths.autoindexExecutable, "autoindex must be built beside the tests")
        process.executableURL = executable
        process.arguments = [
            "serve", "--database", database, "--read-models", readModels, "--port", "\(port)", "--no-bundled",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["SECRET_KEY"] = "a-shared-signing-key-for-the-three-test-instances"
        environment["ADMIN_EMAILS"] = Self.admin
        environment["BCRYPT_COST"] = "4"
        environment["LOG_FORMAT"] = "json"
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    func waitUntilReady() async throws {
        for _ in 0..<600 {
            if let ready = try? await send(.GET, "/ready"), ready.status == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the instance on port \(port) did not become ready")
    }

    func isLeader() async throws -> Bool {
        try await send(.GET, "/ready").json["leader"] as? Bool ?? false
    }

    struct Answer {
        var status: UInt
        var json: [String: Any]
    }

    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 10 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
        return Answer(status: response.status.code, json: object)
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

extension PostgresProcessesTests {
    @Test(
        "kill -9 of an instance in the middle of appends loses nothing acknowledged; its read models resume to a rebuild's result"
    )
    func killedInstance() async throws {
        let executable = try #require(PackagePaths.autoindexExecutable, "autoindex must be built beside the tests")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let location = try PostgresTestDatabase.freshLocation()
        let store = try await PostgresTestDatabase.makeStore(location: location)
        defer { store.close() }
        let readModels = scratch.path("read-models.sqlite")
        for round in 1...3 {
            let acknowledged = try await CrashSafetyTests.runAndKill(
                executable: executable, database: try PostgresTestDatabase.url(location),
                options: ["--read-models", readModels], afterAcknowledgements: 100 * round)
            let head = try await store.headPosition()
            #expect(head >= (acknowledged.max() ?? .max), "round \(round): head \(head) is behind an acknowledgement")
            let positions = Set(try await store.read(after: 0, limit: Int(head) + 1).map(\.position))
            #expect(acknowledged.allSatisfy(positions.contains), "round \(round): an acknowledged append is missing")
            // Every request is whole: a user and a price, never one without the other.
            #expect(head.isMultiple(of: 2))
            let report = try await store.verify()
            #expect(report.isIntact && report.eventCount == head, "round \(round): \(report.problem ?? "")")
            let runner = ProjectionRunner(store: store, database: try DatabasePool(path: readModels))
            try await runner.prepare()
            try await runner.catchUp()
            let resumed = try await dumpReadModels(try DatabasePool(path: readModels), runner: runner)
            try await runner.rebuild()
            #expect(resumed == (try await dumpReadModels(try DatabasePool(path: readModels), runner: runner)))
        }
    }

    /// `.ci/run` sets this for a run of its own: a restart would fail the other PostgreSQL tests.
    static var restartCommand: String? { ProcessInfo.processInfo.environment["AUTOINDEX_TEST_POSTGRES_RESTART"] }

    @Test(
        "a PostgreSQL restart while serving: meanwhile 503 database_unavailable within the timeout, never a 500; then the instance resumes by itself",
        .enabled(if: PostgresProcessesTests.restartCommand != nil))
    func databaseRestart() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let location = try PostgresTestDatabase.freshLocation()
        let seed = try await PostgresTestDatabase.makeStore(location: location)
        seed.close()
        let instance = try ServeInstance(
            database: try PostgresTestDatabase.url(location) + "&timeout=3", readModels: scratch.path("rm.sqlite"),
            log: scratch.path("server.log"))
        defer { instance.stop() }
        try await instance.waitUntilReady()
        #expect(try await instance.register("before@example.com").status == 200)

        let restart = Process()
        restart.executableURL = URL(fileURLWithPath: "/bin/sh")
        restart.arguments = ["-c", try #require(Self.restartCommand) + " 4"]
        // The restarted server must not hold the test's output open.
        restart.standardInput = FileHandle.nullDevice
        restart.standardOutput = FileHandle.nullDevice
        restart.standardError = FileHandle.nullDevice
        try restart.run()
        var outcomes: [(request: String, status: UInt, type: String?, seconds: Double)] = []
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: .seconds(8))
        var n = 0
        while clock.now < end {
            n += 1
            for request in ["ready", "register"] {
                let start = clock.now
                let answer =
                    request == "ready"
                    ? try await instance.send(.GET, "/ready") : try await instance.register("during\(n)@example.com")
                let elapsed = clock.now - start
                outcomes.append(
                    (
                        request, answer.status, answer.json["type"] as? String,
                        Double(elapsed.components.seconds)
                            + Double(elapsed.components.attoseconds) / 1e18
                    ))
            }
            try await Task.sleep(for: .milliseconds(300))
        }
        // Reap the restart script ourselves: Foundation may not notice it end while the test runs.
        var status: Int32 = 0
        while restart.isRunning {
            let reaped = waitpid(restart.processIdentifier, &status, WNOHANG)
            if reaped == restart.processIdentifier || (reaped == -1 && errno == ECHILD) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(outcomes.contains { $0.status == 503 && $0.type == "database_unavailable" }, "the outage was not seen")
        for outcome in outcomes {
            // `/ready` may also say `not_ready` while the read models catch up with a write just made.
            let allowed = outcome.request == "ready" ? ["database_unavailable", "not_ready"] : ["database_unavailable"]
            #expect(
                outcome.status == 200 || (outcome.status == 503 && allowed.contains(outcome.type ?? "")),
                "\(outcome)")
            #expect(outcome.seconds < 6, "a request took \(outcome.seconds) s")
        }
        // Back by itself: writes, and reads through the read models that follow the log.
        var after: UInt = 0
        for _ in 0..<60 where after != 200 {
            after = try await instance.register("after@example.com").status
            if after != 200 { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(after == 200)
        let login = try await instance.send(
            .POST, "/api/v1/auth/login", json: #"{"email": "after@example.com", "password": "Index-Fund-42"}"#)
        #expect(login.status == 200)
    }
}

extension ServeInstance {
    func register(_ email: String) async throws -> Answer {
        try await send(.POST, "/api/v1/auth/register", json: #"{"email": "\#(email)", "password": "Index-Fund-42"}"#)
    }
}
