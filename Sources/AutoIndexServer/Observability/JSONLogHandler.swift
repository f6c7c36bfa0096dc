import EventSourcing
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Log lines as JSON objects, one per line, on standard error: `ts`, `level`, `label`, `msg` and the
/// metadata as string fields. Cheap enough for a line per request: the timestamp is plain arithmetic,
/// and lines are written in batches: when 32 KiB have gathered, every 100 ms, at once for warnings
/// and worse, and on ``flush()`` (which `serve` calls on the way out).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = Self.line(
            at: Date(), level: event.level, label: label, message: event.message, metadata: metadata,
            extra: event.metadata)
        Self.buffer.append(line, flushNow: event.level >= .warning)
    }

    /// Hummingbird's request id key, written as `request_id`.
    static let requestIdKey = "hb.request.id"

    /// One line: the JSON object and a newline. The event's metadata wins over the logger's for the
    /// same key; fields are in no particular order.
    static func line(
        at date: Date, level: Logger.Level, label: String, message: Logger.Message, metadata: Logger.Metadata,
        extra: Logger.Metadata?
    ) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(320)
        line.append(contentsOf: #"{"ts":""#.utf8)
        UTCTimestamp.append(date, to: &line)
        line.append(contentsOf: #"","level":""#.utf8)
        line.append(contentsOf: level.rawValue.utf8)
        line.append(contentsOf: #"","label":"#.utf8)
        JSONWriter.appendString(label, to: &line)
        line.append(contentsOf: #","msg":"#.utf8)
        JSONWriter.appendString(message.description, to: &line)
        for (key, value) in metadata where extra?[key] == nil {
            appendField(key, value, to: &line)
        }
        for (key, value) in extra ?? [:] {
            appendField(key, value, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        return line
    }

    private static func appendField(_ key: String, _ value: Logger.Metadata.Value, to line: inout [UInt8]) {
        line.append(UInt8(ascii: ","))
        JSONWriter.appendString(key == requestIdKey ? "request_id" : key, to: &line)
        line.append(UInt8(ascii: ":"))
        switch value {
        case .string(let text): JSONWriter.appendString(text, to: &line)
        case .stringConvertible(let convertible): JSONWriter.appendString(convertible.description, to: &line)
        default: JSONWriter.appendString(value.description, to: &line)
        }
    }

    /// Writes every gathered line now.
    public static func flush() { buffer.flush() }

    /// The service that writes gathered lines every 100 ms while the app runs, and the last ones
    /// when it stops. Before it starts and after it stops (a first start's import, say), each line
    /// is written at once.
    public struct Flusher: Service {
        public init() {}

        public func run() async throws {
            JSONLogHandler.buffer.timed.store(true, ordering: .relaxed)
            defer { JSONLogHandler.buffer.timed.store(false, ordering: .relaxed) }
            try? await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: .milliseconds(100))
                    JSONLogHandler.flush()
                }
            }
            JSONLogHandler.flush()
        }
    }

    private static let buffer = LineBuffer()
}

/// Lines waiting to be written to standard error (by ``JSONLogHandler/Flusher`` while it runs, or at
/// once past 32 KB). Lines are written under the same lock they are gathered under, so they reach
/// the file in order.
private final class LineBuffer: Sendable {
    private let pending = Mutex<[UInt8]>([])
    private static let limit = 32_768
    /// Whether a ``JSONLogHandler/Flusher`` writes the buffer on a timer; when not, each line is
    /// written as it comes.
    let timed = Atomic<Bool>(false)

    func append(_ line: [UInt8], flushNow: Bool) {
        pending.withLock { pending in
            pending += line
            if flushNow || pending.count >= Self.limit || !timed.load(ordering: .relaxed) { Self.emit(&pending) }
        }
    }

    func flush() { pending.withLock { Self.emit(&$0) } }

    private static func emit(_ pending: inout [UInt8]) {
        guard !pending.isEmpty else { return }
        pending.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(2, raw.baseAddress?.advanced(by: offset), raw.count - offset)
                guard written > 0 else { break }
                offset += written
            }
        }
        pending.removeAll(keepingCapacity: true)
    }
}
