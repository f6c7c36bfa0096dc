import Foundation
import Logging
import Testing

@testable import AutoIndexServer

/// The JSON log lines: one valid object per line with the fixed fields, the metadata as strings, the
/// request id under `request_id`, and anything a client sent escaped.
@Suite("JSON log lines")
struct JSONLogHandlerTests {
    func object(_ line: [UInt8]) throws -> [String: String] {
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false)
        return try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
    }

    @Test("a request line: time, level, label, message, the request id as request_id, the event's fields")
    func requestLine() throws {
        let line = JSONLogHandler.line(
            at: Date(timeIntervalSince1970: 1_704_164_645.678901), level: .info, label: "autoindex.server",
            message: "request",
            metadata: ["hb.request.id": .stringConvertible(42), "shared": "from the logger"],
            extra: ["status": .stringConvertible(200), "path": "/api/v1/index/current", "shared": "from the event"])
        #expect(
            try object(line) == [
                "ts": "2024-01-02T03:04:05.678901Z", "level": "info", "label": "autoindex.server", "msg": "request",
                "request_id": "42", "status": "200", "path": "/api/v1/index/current", "shared": "from the event",
            ])
    }

    @Test("quotes, backslashes, newlines and control characters are escaped; other text is kept as it is")
    func escaping() throws {
        let hostile = "a \"quoted\" \\ path\nwith\u{1}control and é ✓"
        let line = JSONLogHandler.line(
            at: Date(timeIntervalSince1970: 0), level: .warning, label: "l", message: "\(hostile)", metadata: [:],
            extra: ["value": .string(hostile), "list": .array(["x", "y"])])
        let fields = try object(line)
        #expect(fields["msg"] == hostile)
        #expect(fields["value"] == hostile)
        #expect(fields["list"] == #"["x", "y"]"#)
        #expect(fields["ts"] == "1970-01-01T00:00:00.000000Z")
        #expect(String(decoding: line, as: UTF8.self).contains(#"\"quoted\" \\ path\nwith\u0001control"#))
    }
}
