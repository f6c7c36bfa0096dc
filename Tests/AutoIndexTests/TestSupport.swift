import EventSourcing
import EventStoreSQLite
import Foundation
import Synchronization

/// A scratch directory; each test removes it in a `defer`.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("autoindex-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Paths inside the package.
enum PackagePaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let eventSchemas = root.appendingPathComponent("EventSchemas")

    /// Where tests leave payloads for `.ci/run` to validate against the JSON Schemas.
    static var payloadDump: URL {
        if let dir = ProcessInfo.processInfo.environment["AUTOINDEX_PAYLOAD_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return root.appendingPathComponent(".build/event-payloads")
    }

    /// The `autoindex` executable built beside the test bundle.
    static var autoindexExecutable: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "autoindex"),
            root.appendingPathComponent(".build/debug/autoindex"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

/// A clock that returns 2024-01-02T03:04:05.678901Z plus one second per reading.
final class SteppingClock: Sendable {
    private let start = Date(timeIntervalSince1970: 1_704_164_645.678901)
    private let counter = Counter()

    var wallClock: WallClock {
        WallClock { [start, counter] in start.addingTimeInterval(Double(counter.next())) }
    }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = LockedValue(0)

    func next() -> Int {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}

/// A value behind a mutex, for test bookkeeping.
final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body(&$0) }
    }

    var value: Value { mutex.withLock { $0 } }
}

/// Builds proposed events of a test type with a JSON payload `{"n": n}`.
enum TestEvents {
    static func event(_ n: Int, type: String = "TestHappened", actor: String = "tester") -> ProposedEvent {
        ProposedEvent(
            type: type, schemaVersion: 1, payload: Data("{\"n\":\(n)}".utf8),
            metadata: EventMetadata(actor: actor, correlationId: "corr-\(n)", causationId: "cause-\(n)", source: "test")
        )
    }

    static func stream(_ raw: String) -> StreamName {
        StreamName(unchecked: raw)
    }

    /// Appends `TemperatureMeasured` v1 `{"fahrenheit":212}` to `temp-1`, for the upcasting tests.
    static func appendTemperatureV1(to path: String) async throws {
        _ = try await SQLiteEventStore(path: path).append(
            AppendRequest(
                stream: stream("temp-1"),
                events: [
                    ProposedEvent(
                        type: "TemperatureMeasured", schemaVersion: 1, payload: Data(#"{"fahrenheit":212}"#.utf8),
                        metadata: EventMetadata(actor: "system"))
                ]))
    }
}

/// Leaves recorded payloads for `.ci/run` to validate against the JSON Schemas.
enum PayloadDump {
    /// Writes `events` as NDJSON lines `{"payload":…,"schema_version":…,"type":…}` to `<name>.ndjson`.
    static func write(_ events: [RecordedEvent], name: String) throws {
        let lines = events.map { event in
            #"{"payload":\#(String(decoding: event.payload, as: UTF8.self)),"schema_version":\#(event.schemaVersion),"type":"\#(event.type)"}"#
        }
        try FileManager.default.createDirectory(at: PackagePaths.payloadDump, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(
            to: PackagePaths.payloadDump.appendingPathComponent("\(name).ndjson"), atomically: true, encoding: .utf8)
    }
}

/// A synthetic market for tests that need more history than the default strategy's warm-up.
enum SyntheticPrices {
    /// 300 weekdays from 2023-01-02 of two stocks and the S&P 500, as a `date,symbol,close` file.
    static func file() -> String {
        var lines = ["date,symbol,close"]
        var day = 0
        var date =
            DateComponents(
                calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 2023, month: 1,
                day: 2
            ).date ?? Date()
        var closes = [100.0, 40.0, 3800.0]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        while day < 300 {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            if let weekday = parts.weekday, weekday != 1, weekday != 7, let year = parts.year, let month = parts.month,
                let dayOfMonth = parts.day
            {
                let text = String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
                if day > 0 {
                    closes[0] *= 1 + 0.015 * sin(Double(day) * 0.7)
                    closes[1] *= 1 + 0.02 * cos(Double(day) * 0.3) + 0.0005
                    closes[2] *= 1 + 0.01 * sin(Double(day) * 0.2)
                }
                lines.append("\(text),AAPL,\(String(format: "%.3f", closes[0]))")
                lines.append("\(text),KO,\(String(format: "%.3f", closes[1]))")
                lines.append("\(text),SPX,\(String(format: "%.2f", closes[2]))")
                day += 1
            }
            date = calendar.date(byAdding: .day, value: 1, to: date) ?? date
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
