import Foundation
import HTTPTypes

extension APIError {
    /// The error's JSON body, as ``response(from:context:)`` writes it.
    var bodyBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(detail: detail, statusCode: status.code, type: type)
        return (try? encoder.encode(body)).map(Array.init) ?? Array(#"{"type":"\#(type)"}"#.utf8)
    }

    /// The whole HTTP/1.1 response, for a connection handler that answers below the router.
    /// - Parameter closing: adds `Connection: close`.
    func http1Bytes(closing: Bool) -> [UInt8] {
        let body = bodyBytes
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        for field in headers { head += "\(field.name): \(field.value)\r\n" }
        head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        if closing { head += "Connection: close\r\n" }
        return Array((head + "\r\n").utf8) + body
    }
}
