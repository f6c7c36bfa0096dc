import Foundation
import HTTPTypes

extension APIError {
    /// The whole HTTP/1.1 response, for a connection handler that answers below the router.
    /// - Parameter closing: adds `Connection: close`.
    func http1Bytes(closing: Bool) -> [UInt8] {
        // The body of a few plain fields always encodes; the type alone is the fallback all the same.
        let body = (try? encodedBody()).map(Array.init) ?? Array(#"{"type":"\#(type)"}"#.utf8)
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        for field in headers { head += "\(field.name): \(field.value)\r\n" }
        head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n"
        if closing { head += "Connection: close\r\n" }
        return Array((head + "\r\n").utf8) + body
    }
}
