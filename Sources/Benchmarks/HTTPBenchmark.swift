import EventSourcing
import Foundation

/// `autoindex bench http`: the real server, started from this executable on a scratch copy of the
/// demo log (a first start from the bundled data, timed, unless a log is given to copy), driven by
/// wrk request by request, each beside Hummingbird's own floor for an answer of the same size
/// (`autoindex debug floor`, started the same way) in the same run; then the server's memory.
public struct HTTPBenchmark: Sendable {
    /// The `autoindex` executable that serves (this one).
    public var executable: String
    /// Where the scratch directory goes (deleted afterwards).
    public var directory: String
    /// A log to copy instead of a first start from the bundled data.
    public var source: String?
    /// Seconds of load per request and per floor run.
    public var seconds: Int
    /// Connections wrk keeps open.
    public var connections: Int
    /// The wrk executable.
    public var wrk: String
    /// Whether the store's and the engine's figures follow the HTTP ones.
    public var withStore: Bool

    public init(
        executable: String, directory: String, source: String?, seconds: Int = 8, connections: Int = 16,
        wrk: String = "wrk", withStore: Bool = true
    ) {
        self.executable = executable
        self.directory = directory
        self.source = source
        self.seconds = seconds
        self.connections = connections
        self.wrk = wrk
        self.withStore = withStore
    }

    /// One request measured.
    struct Target {
        var method: String
        var path: String
        var body: String?
    }

    /// What wrk reported for one run.
    struct Load {
        var requestsPerSecond: Double
        var p50: Double
        var p99: Double
        var failures: Int
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let email = "bench@example.com"
    static let password = "Bench-Index-2026"

    /// Every GET of the API a user or an admin makes against the demo data, and the simulation.
    static let targets: [Target] = [
        Target(method: "GET", path: "/health"),
        Target(method: "GET", path: "/ready"),
        Target(method: "GET", path: "/api/v1/auth/me"),
        Target(method: "GET", path: "/api/v1/index/current"),
        Target(method: "GET", path: "/api/v1/index/history"),
        Target(method: "GET", path: "/api/v1/index/history?start_date=2022-01-01"),
        Target(method: "GET", path: "/api/v1/index/currencies"),
        Target(method: "GET", path: "/api/v1/index/assets/AAPL/history"),
        Target(method: "GET", path: "/api/v1/benchmark/sp500"),
        Target(method: "GET", path: "/api/v1/benchmark/compare?start_date=2010-01-04&end_date=2019-12-31"),
        Target(method: "GET", path: "/api/v1/strategy/config"),
        Target(method: "GET", path: "/api/v1/strategy/config/history"),
        Target(method: "GET", path: "/api/v1/strategy/risk-metrics"),
        Target(method: "GET", path: "/api/v1/diagnostics/refresh-status"),
        Target(method: "GET", path: "/api/v1/audit/rebalances?limit=20"),
        Target(method: "GET", path: "/api/v1/portfolios"),
        Target(method: "POST", path: "/api/v1/index/simulate", body: #"{"amount": 10000, "start_date": "2019-01-02"}"#),
        Target(
            method: "POST", path: "/api/v1/index/simulate",
            body: #"{"amount": 10000, "start_date": "2019-01-02", "currency": "EUR", "monthly_contribution": 100}"#),
    ]

    /// Runs everything and answers the figures as one JSON object.
    public func run() async throws -> String {
        guard FileManager.default.isExecutableFile(atPath: wrk) || Self.which(wrk) != nil else {
            throw Failure(description: "wrk is not installed (Debian: apt-get install wrk); --wrk names another path")
        }
        let scratch = (directory as NSString).appendingPathComponent("autoindex-bench-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let database = (scratch as NSString).appendingPathComponent("autoindex.sqlite")
        if let source {
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: source + suffix) {
                try FileManager.default.copyItem(atPath: source + suffix, toPath: database + suffix)
            }
        }

        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        try await serve(database, in: scratch, into: &json)
        if withStore {
            // Once the servers have stopped: the store's and the engine's figures, on the same machine
            // in the same run (rebuild, appends against SQLite's own ceilings, the backtest).
            json.key("store")
            json.raw(
                Array(try await StoreBenchmark(events: 100_000, directory: scratch, durable: true).run().json.utf8))
            json.key("engine")
            json.raw(Array(try await IndexBenchmark.engine().json.utf8))
        }
        json.endObject()
        return json.text
    }

    /// Starts the server and the floor, drives both, and writes the figures into `json`; both are
    /// stopped when it returns.
    private func serve(_ database: String, in scratch: String, into json: inout JSONWriter) async throws {
        let port = try Self.freePort()
        let server = try launch(
            ["serve", "--database", database, "--host", "127.0.0.1", "--port", String(port)],
            log: scratch + "/serve.log")
        defer { Self.stop(server) }
        let started = ContinuousClock.now
        try await Self.waitForReady(port: port, process: server, log: scratch + "/serve.log")
        json.key(source == nil ? "first_start_to_ready_s" : "start_to_ready_s")
        json.double(Self.rounded((ContinuousClock.now - started) / .seconds(1), 1))
        json.key("rss_bytes_when_ready")
        json.int(Self.memory(of: server.processIdentifier)["VmRSS"] ?? 0)

        let floorPort = try Self.freePort()
        let floor = try launch(["debug", "floor", "--port", String(floorPort)], log: scratch + "/floor.log")
        defer { Self.stop(floor) }
        try await Self.waitForAnswer(port: floorPort, path: "/bytes/2", process: floor)

        let token = try Self.token(port: port)
        let authorization = "Bearer \(token)"
        json.key("wrk")
        json.string("\(wrk) -t1 -c\(connections) -d\(seconds)s --latency")
        json.key("requests")
        json.beginArray()
        let loadStarted = ContinuousClock.now
        for target in Self.targets {
            let sample = try LoopbackHTTP.send(
                target.method, port: port, path: target.path,
                headers: ["Authorization": authorization, "Content-Type": "application/json"],
                body: Array((target.body ?? "").utf8))
            guard sample.status == 200 else {
                throw Failure(
                    description: "\(target.method) \(target.path) answered \(sample.status): "
                        + String(decoding: sample.body.prefix(300), as: UTF8.self))
            }
            let ours = try load(
                target, url: "http://127.0.0.1:\(port)\(target.path)", authorization: authorization, in: scratch)
            let bare = try load(
                Target(method: target.method, path: "/bytes/\(max(2, sample.body.count))", body: target.body),
                url: "http://127.0.0.1:\(floorPort)/bytes/\(max(2, sample.body.count))", authorization: authorization,
                in: scratch)
            json.beginObject()
            json.key("request")
            json.string("\(target.method) \(target.path)" + (target.body.map { " \($0)" } ?? ""))
            json.key("bytes")
            json.int(sample.body.count)
            json.key("requests_per_s")
            json.double(Self.rounded(ours.requestsPerSecond, 0))
            json.key("p50_ms")
            json.double(Self.rounded(ours.p50, 3))
            json.key("p99_ms")
            json.double(Self.rounded(ours.p99, 3))
            json.key("failed")
            json.int(ours.failures)
            json.key("floor_requests_per_s")
            json.double(Self.rounded(bare.requestsPerSecond, 0))
            json.key("floor_p99_ms")
            json.double(Self.rounded(bare.p99, 3))
            json.key("ratio_to_floor")
            json.double(Self.rounded(ours.requestsPerSecond / max(bare.requestsPerSecond, 1), 3))
            json.endObject()
        }
        json.endArray()
        json.key("load_s")
        json.double(Self.rounded((ContinuousClock.now - loadStarted) / .seconds(1), 1))
        // What the server holds after the load: all of it, the heap and stacks (anonymous), and the
        // pages of files it maps (the log, read through SQLite's memory map).
        let memory = Self.memory(of: server.processIdentifier)
        for (key, name) in [
            ("VmRSS", "rss_bytes_after_load"), ("RssAnon", "rss_anon_bytes"), ("RssFile", "rss_file_bytes"),
            ("VmHWM", "peak_rss_bytes"),
        ] {
            json.key(name)
            json.int(memory[key] ?? 0)
        }
    }

    // MARK: - Processes

    private func launch(_ arguments: [String], log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["ADMIN_EMAILS"] = Self.email
        environment["SECRET_KEY"] = environment["SECRET_KEY"] ?? UUID().uuidString + UUID().uuidString
        environment["LOG_LEVEL"] = environment["LOG_LEVEL"] ?? "info"
        process.environment = environment
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return process
    }

    private static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    private static func waitForReady(port: Int, process: Process, log: String) async throws {
        while true {
            guard process.isRunning else {
                let tail = (try? String(contentsOfFile: log, encoding: .utf8))?.suffix(2000) ?? ""
                throw Failure(description: "the server exited before it was ready:\n\(tail)")
            }
            if let answer = try? LoopbackHTTP.send("GET", port: port, path: "/ready"), answer.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private static func waitForAnswer(port: Int, path: String, process: Process) async throws {
        for _ in 0..<400 {
            guard process.isRunning else { throw Failure(description: "the floor server exited") }
            if (try? LoopbackHTTP.send("GET", port: port, path: path)) != nil { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw Failure(description: "the floor server did not answer within 10 s")
    }

    /// The bench user's token: registered (an admin through `ADMIN_EMAILS`), or logged in.
    private static func token(port: Int) throws -> String {
        let credentials = Array(#"{"email": "\#(email)", "password": "\#(password)"}"#.utf8)
        let headers = ["Content-Type": "application/json"]
        _ = try LoopbackHTTP.send(
            "POST", port: port, path: "/api/v1/auth/register", headers: headers, body: credentials)
        let login = try LoopbackHTTP.send(
            "POST", port: port, path: "/api/v1/auth/login", headers: headers, body: credentials)
        guard login.status == 200,
            let object = try JSONSerialization.jsonObject(with: Data(login.body)) as? [String: Any],
            let token = object["access_token"] as? String
        else { throw Failure(description: "login answered \(login.status)") }
        return token
    }

    // MARK: - wrk

    private func load(_ target: Target, url: String, authorization: String, in scratch: String) throws -> Load {
        var arguments = [
            "-t1", "-c\(connections)", "-d\(seconds)s", "--latency", "-H", "Authorization: \(authorization)",
        ]
        if let body = target.body {
            let script = (scratch as NSString).appendingPathComponent("post.lua")
            let escaped = body.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            try """
            wrk.method = "\(target.method)"
            wrk.body = '\(escaped)'
            wrk.headers["Content-Type"] = "application/json"
            """.write(toFile: script, atomically: true, encoding: .utf8)
            arguments += ["-s", script]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.which(wrk) ?? wrk)
        process.arguments = arguments + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "wrk failed on \(url):\n\(output)") }
        return try Self.parse(output, url: url)
    }

    /// Requests/s, the median and 99th percentile latencies (ms) and the failed answers of wrk's report.
    static func parse(_ output: String, url: String) throws -> Load {
        var load = Load(requestsPerSecond: 0, p50: 0, p99: 0, failures: 0)
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = words.first else { continue }
            switch first {
            case "Requests/sec:": load.requestsPerSecond = Double(words.last ?? "") ?? 0
            case "50%": load.p50 = milliseconds(words.last.map(String.init) ?? "")
            case "99%": load.p99 = milliseconds(words.last.map(String.init) ?? "")
            case "Non-2xx": load.failures += Int(words.last ?? "") ?? 0
            case "Socket": load.failures += 0
            default: continue
            }
        }
        guard load.requestsPerSecond > 0 else {
            throw Failure(description: "no Requests/sec in wrk's report on \(url):\n\(output)")
        }
        return load
    }

    /// wrk's `1.23ms`, `456.00us` or `1.02s` in milliseconds.
    static func milliseconds(_ text: String) -> Double {
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            return (Double(text.dropLast(unit.count)) ?? 0) * scale
        }
        return 0
    }

    // MARK: - Helpers

    private static func which(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// A port free to listen on now: below Linux's ephemeral range (32768 and up), where outgoing
    /// connections take theirs (a connection storm just before leaves thousands in TIME_WAIT), and
    /// bound once to be sure.
    private static func freePort() throws -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 10_000..<32_000)
            if LoopbackHTTP.canListen(on: port) { return port }
        }
        throw Failure(description: "no free port found")
    }

    /// The `Vm…` and `Rss…` lines of `/proc/<pid>/status`, in bytes.
    static func memory(of pid: Int32) -> [String: Int] {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return [:] }
        var figures: [String: Int] = [:]
        for line in status.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].hasPrefix("Vm") || parts[0].hasPrefix("Rss") else { continue }
            let words = parts[1].split(whereSeparator: \.isWhitespace)
            if let value = Int(words.first ?? ""), words.last == "kB" { figures[String(parts[0])] = value * 1024 }
        }
        return figures
    }

    private static func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
