import Hummingbird
import Logging
import Synchronization

/// Hummingbird alone: the yardstick `autoindex bench http` measures the API against. It answers
/// `GET` or `POST /bytes/{n}` with `n` bytes of JSON held in memory, so an exchange of the same
/// size as an API answer costs only what the framework, NIO and the kernel cost, on the same
/// machine in the same run. No auth, no log line, no metrics.
public enum FloorServer {
    /// The floor application on `host:port`.
    public static func build(host: String = "127.0.0.1", port: Int) -> some ApplicationProtocol {
        let bodies = Bodies()
        let router = Router()
        router.get("/bytes/{count}") { _, context in try bodies.response(context) }
        router.post("/bytes/{count}") { request, context in
            _ = try await request.body.collect(upTo: 1 << 20)
            return try bodies.response(context)
        }
        var logger = Logger(label: "autoindex.floor")
        logger.logLevel = .warning
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Floor"),
            logger: logger)
    }

    /// A JSON array of zeros of each asked size, made once.
    private final class Bodies: Sendable {
        private let made = Mutex<[Int: ByteBuffer]>([:])

        func response(_ context: BasicRequestContext) throws -> Response {
            let count = try context.parameters.require("count", as: Int.self)
            guard (2...(16 << 20)).contains(count) else { throw HTTPError(.badRequest) }
            let body = made.withLock { made in
                if let known = made[count] { return known }
                var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: count)
                bytes[0] = UInt8(ascii: "[")
                bytes[count - 1] = UInt8(ascii: "]")
                var index = 2
                while index < count - 1 {
                    bytes[index] = UInt8(ascii: ",")
                    index += 2
                }
                if count > 2, bytes[count - 2] == UInt8(ascii: ",") { bytes[count - 2] = UInt8(ascii: " ") }
                let buffer = ByteBuffer(bytes: bytes)
                made[count] = buffer
                return buffer
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
        }
    }
}
