import AutoIndexServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MarketData
import Synchronization
import Testing

/// Running the server: configuration from the environment, the refresh scheduler, the comparison
/// with the S&P 500, and what reaches the logs.
@Suite("HTTP operations")
struct ServerOperationsTests {
    @Test("configuration from the environment: a short or missing SECRET_KEY is refused, the demo key is kept")
    func environment() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let logger = Logger(label: "test")
        let database = scratch.path("demo.sqlite")
        func load(_ environment: [String: String]) throws -> AppConfiguration {
            try AppConfiguration.fromEnvironment(
                environment, database: .sqlite(path: database), host: "127.0.0.1", port: 8000,
                importsBundledData: false,
                logger: logger)
        }
        #expect(throws: ConfigurationError.self) { try load(["SECRET_KEY": "too-short"]) }
        do {
            _ = try load(["SECRET_KEY": "too-short"])
        } catch let error as ConfigurationError {
            #expect(
                error.description
                    == "SECRET_KEY is 9 bytes; it must be at least 32 (generate one with: openssl rand -base64 48)")
        }
        #expect(throws: ConfigurationError.self) { try load(["DATABASE_URL": "sqlite:///tmp/x.sqlite"]) }
        #expect(throws: ConfigurationError.self) { try load(["ADMIN_EMAILS": "ops@example.com, not an email"]) }
        #expect(throws: ConfigurationError.self) { try load(["ACCESS_TOKEN_EXPIRE_MINUTES": "0"]) }

        let demo = try load(["ADMIN_EMAILS": " Ops@Example.com ,ana@example.com", "ACCESS_TOKEN_EXPIRE_MINUTES": "30"])
        let key = try String(contentsOfFile: database + ".secret-key", encoding: .utf8)
        #expect(demo.auth.secretKey == key.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(demo.auth.secretKey.utf8.count == 64)
        let attributes = try FileManager.default.attributesOfItem(atPath: database + ".secret-key")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(demo.auth.adminEmails == ["ops@example.com", "ana@example.com"])
        #expect(demo.auth.tokenLifetime == .seconds(1800))
        #expect(demo.marketData == nil)
        #expect(try load([:]).auth.secretKey == demo.auth.secretKey)

        let production = try load([
            "SECRET_KEY": String(repeating: "k", count: 40), "DATABASE_URL": "sqlite:///tmp/x.sqlite",
            "TWELVEDATA_API_KEY": "demo", "REFRESH_INTERVAL_HOURS": "6",
        ])
        #expect(production.marketData?.provider == "twelvedata")
        #expect(production.refreshInterval == .seconds(6 * 3600))
        let provider = ["TWELVEDATA_API_KEY": "demo", "TWELVEDATA_PLAN": "grow55"]
        #expect(try load(provider.merging(["TWELVEDATA_BASE_URL": "http://127.0.0.1:9"]) { $1 }).marketData != nil)
        for (name, value, message) in [
            (
                "TWELVEDATA_PLAN", "gold",
                "TWELVEDATA_PLAN \"gold\" is not one of basic, grow144, grow377, grow55, pro1597, pro610, pro987, ultra10946, ultra2584, ultra4181"
            ),
            ("TWELVEDATA_BASE_URL", "ftp://mirror", "TWELVEDATA_BASE_URL \"ftp://mirror\" is not an http(s) address"),
            ("TWELVEDATA_BASE_URL", "not a url", "TWELVEDATA_BASE_URL \"not a url\" is not an http(s) address"),
        ] {
            let error = #expect(throws: ConfigurationError.self) { try load(provider.merging([name: value]) { $1 }) }
            #expect(error?.description == message)
        }
    }

    @Test("the scheduler refreshes on its own when a provider is configured")
    func scheduler() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var configuration = try await TestServer.seeded(
            scratch, marketData: .canned(dailyCloses: ["AAPL": [.init(date: "2024-02-26", close: "101.5")]]))
        configuration.refreshInterval = .milliseconds(200)
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let token = try await client.register("bo@example.com")
            var last: [String: Any]?
            for _ in 0..<100 {
                let status = try TestServer.json(
                    try await client.get("/api/v1/diagnostics/refresh-status", token: token))
                last = status["last_refresh"] as? [String: Any]
                if last?["provider"] as? String == "canned" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(last?["provider"] as? String == "canned")
        }
    }

    @Test("compare rebases both series to 100 over their common days, with figures worked independently")
    func compare() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let token = try await client.register("bo@example.com")
            let history = try #require(
                try TestServer.json(try await client.get("/api/v1/index/history", token: token))["series"]
                    as? [[String: Any]])
            let start = try #require(history[5]["date"] as? String)
            let end = try #require(history[40]["date"] as? String)
            let answer = try TestServer.json(
                try await client.get("/api/v1/benchmark/compare?start_date=\(start)&end_date=\(end)", token: token))
            #expect(answer["start_date"] as? String == start)
            #expect(answer["end_date"] as? String == end)

            // The S&P levels as the synthetic file has them, and the index values from the API.
            let levels = Dictionary(
                uniqueKeysWithValues: SyntheticPrices.file().split(separator: "\n").compactMap {
                    line -> (String, Double)? in
                    let fields = line.split(separator: ",")
                    guard fields.count == 3, fields[1] == "SPX", let close = Double(fields[2]) else { return nil }
                    return (String(fields[0]), close)
                })
            let window = history[5...40].compactMap { point -> (Double, Double)? in
                guard let date = point["date"] as? String, let value = point["value"] as? Double,
                    let level = levels[date]
                else { return nil }
                return (value, level)
            }
            #expect(window.count == 36)
            let ours = try #require(answer["autoindex"] as? [String: Any])
            let theirs = try #require(answer["sp500"] as? [String: Any])
            let indexTotal = window[35].0 / window[0].0 - 1
            let benchmarkTotal = window[35].1 / window[0].1 - 1
            #expect(ours["start_value"] as? Double == 100)
            #expect(abs((ours["total_return"] as? Double ?? 0) - indexTotal) < 1e-12)
            #expect(abs((theirs["total_return"] as? Double ?? 0) - benchmarkTotal) < 1e-12)
            #expect(abs((theirs["end_value"] as? Double ?? 0) - 100 * (1 + benchmarkTotal)) < 1e-9)

            // Sample standard deviation of daily returns, annualised with √252.
            func volatility(_ values: [Double]) -> Double {
                let returns = zip(values.dropFirst(), values).map { $0 / $1 - 1 }
                let mean = returns.reduce(0, +) / Double(returns.count)
                let variance = returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count - 1)
                return (variance * 252).squareRoot()
            }
            #expect(abs((ours["volatility"] as? Double ?? 0) - volatility(window.map(\.0))) < 1e-12)
            #expect(abs((theirs["volatility"] as? Double ?? 0) - volatility(window.map(\.1))) < 1e-12)
            let outperformance = try #require(answer["outperformance"] as? [String: Any])
            #expect(abs((outperformance["total"] as? Double ?? 0) - (indexTotal - benchmarkTotal)) < 1e-12)

            let narrow = try await client.get(
                "/api/v1/benchmark/compare?start_date=\(start)&end_date=\(start)", token: token)
            #expect(
                String(buffer: narrow.body)
                    == #"{"detail":"the range holds fewer than 2 days with both an index value and an S&P 500 level","status_code":422,"type":"validation_error"}"#
            )
        }
    }

    @Test("passwords and tokens never reach the log; each request is logged once with its request id")
    func logs() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let lines = RecordedLines()
        var logger = Logger(label: "test") { _ in RecordingLogHandler(lines: lines) }
        logger.logLevel = .trace
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")), logger: logger)
        let (token, generatedId) = try await app.test(.live) { client in
            let token = try await client.register("bo@example.com")
            _ = try await client.send(
                .post, "/api/v1/auth/login",
                json: #"{"email": "bo@example.com", "password": "\#(TestServer.password)"}"#)
            _ = try await client.send(
                .post, "/api/v1/auth/login", json: #"{"email": "bo@example.com", "password": "Wrong-Secret-77"}"#)
            _ = try await client.execute(
                uri: "/api/v1/auth/me?min_position=1", method: .get,
                headers: [.authorization: "Bearer \(token)", HTTPField.Name("X-Request-Id")!: "trace-me-1"])
            let health = try await client.execute(uri: "/health", method: .get)
            return (token, try #require(health.headers[HTTPField.Name("X-Request-Id")!]))
        }
        let text = lines.all.joined(separator: "\n")
        #expect(!text.contains(TestServer.password))
        #expect(!text.contains("Wrong-Secret-77"))
        #expect(!text.contains(token))
        #expect(!text.contains(String(token.split(separator: ".")[2])))
        #expect(!text.contains(TestServer.secret))
        let me = lines.all.filter { $0.contains("path=/api/v1/auth/me") }
        #expect(me.count == 1)
        #expect(me.first?.contains("hb.request.id=trace-me-1") == true)
        #expect(me.first?.contains("status=200") == true)
        #expect(lines.all.filter { $0.contains("path=/api/v1/auth/login") }.count == 2)
        // Without a caller's id, the line names the id Hummingbird generated and the answer echoed.
        let health = lines.all.filter { $0.contains("path=/health") }
        #expect(health.count == 1)
        #expect(health.first?.split(separator: " ").contains("hb.request.id=\(generatedId)") == true)
    }
}

/// Log lines kept in memory.
final class RecordedLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

/// A handler that keeps every line with its metadata as `key=value`.
struct RecordingLogHandler: LogHandler {
    let lines: RecordedLines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:]) { _, new in new }
        lines.append(
            "\(event.level) \(event.message) "
                + fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    }
}
