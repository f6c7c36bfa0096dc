import EventSourcing
import Foundation
import Logging
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
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        var line: [UInt8] = []
        line.reserveCapacity(320)
        line += Array(
            "{\"ts\":\"\(UTCTimestamp.format(Date()))\",\"level\":\"\(event.level.rawValue)\",\"label\":".utf8)
        Self.appendString(label, to: &line)
        line += Array(",\"msg\":".utf8)
        Self.appendString(event.message.description, to: &line)
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: ","))
            Self.appendString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            Self.appendString(value.description, to: &line)
        }
        line += Array("}\n".utf8)
        Self.buffer.append(line, flushNow: event.level >= .warning)
    }

    /// Writes every gathered line now.
    public static func flush() { buffer.flush() }

    private static let buffer = LineBuffer()

    /// Appends `text` as a JSON string literal (UTF-8, control characters escaped).
    static func appendString(_ text: String, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                line.append(UInt8(ascii: "\\"))
                line.append(byte)
            case UInt8(ascii: "\n"): line += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0..<0x20:
                line += Array(String(format: "\\u%04x", byte).utf8)
            default: line.append(byte)
            }
        }
        line.append(UInt8(ascii: "\""))
    }
}

/// Lines waiting to be written to standard error, with a timer that writes them every 100 ms. Lines
/// are written under the same lock they are gathered under, so they reach the file in order.
private final class LineBuffer: Sendable {
    private let pending = Mutex<[UInt8]>([])
    private static let limit = 32_768

    init() {
        Task.detached(priority: .utility) { [weak self] in
            while let self {
                self.flush()
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    func append(_ line: [UInt8], flushNow: Bool) {
        pending.withLock { pending in
            pending += line
            if flushNow || pending.count >= Self.limit { Self.emit(&pending) }
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
