import AlpacaBroker
import AsyncHTTPClient
import AutoIndexDomain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A reply the loopback Alpaca sends: status, JSON text, headers.
struct AlpacaReply: Sendable {
    var status: Int = 200
    var body: String
    var headers: [String: String] = [:]

    /// An order object as Alpaca writes one.
    static func order(
        id: String = "61e69015-8549-4bfd-b9c3-01e75843f47d", client: String, status: String, filled: String = "0",
        price: String? = nil, filledAt: String? = nil
    ) -> AlpacaReply {
        let price = price.map { "\"\($0)\"" } ?? "null"
        let at = filledAt.map { "\"\($0)\"" } ?? "null"
        return AlpacaReply(
            body: """
                {"id": "\(id)", "client_order_id": "\(client)", "created_at": "2022-12-29T14:30:00Z",
                 "symbol": "AAPL", "asset_class": "us_equity", "notional": "1000", "qty": null,
                 "filled_qty": "\(filled)", "filled_avg_price": \(price), "filled_at": \(at),
                 "order_type": "market", "type": "market", "side": "buy", "time_in_force": "day",
                 "status": "\(status)", "extended_hours": false}
                """)
    }

    static func failure(_ status: Int, code: Int, _ message: String, headers: [String: String] = [:]) -> AlpacaReply {
        AlpacaReply(status: status, body: #"{"code": \#(code), "message": "\#(message)"}"#, headers: headers)
    }
}

/// A request as the loopback Alpaca saw it.
struct AlpacaRequest: Sendable {
    var method: String
    /// The path and query as sent.
    var uri: String
    var keyId: String?
    var secretKey: String?
    var body: String
}

/// Replies per route (`POST /v2/orders`, `GET /v2/orders/{id}` …), each list sent in order (the last one
/// repeats), and every request that came in.
final class AlpacaScript: Sendable {
    private let state: Mutex<(replies: [String: [AlpacaReply]], requests: [AlpacaRequest])>

    init(_ replies: [String: [AlpacaReply]] = [:]) {
        state = Mutex((replies, []))
    }

    var requests: [AlpacaRequest] { state.withLock { $0.requests } }

    /// Queues more replies for a route.
    func add(_ route: String, _ replies: AlpacaReply...) {
        state.withLock { $0.replies[route, default: []].append(contentsOf: replies) }
    }

    fileprivate func reply(_ route: String, _ request: Request, body: String) -> AlpacaReply {
        let recorded = AlpacaRequest(
            method: request.method.rawValue, uri: request.uri.description,
            keyId: request.headers[.init("APCA-API-KEY-ID")!],
            secretKey: request.headers[.init("APCA-API-SECRET-KEY")!],
            body: body)
        return state.withLock { state in
            state.requests.append(recorded)
            guard var queue = state.replies[route], !queue.isEmpty else {
                return AlpacaReply.failure(500, code: 50_000_000, "nothing scripted for \(route)")
            }
            let next = queue.count > 1 ? queue.removeFirst() : queue[0]
            state.replies[route] = queue
            return next
        }
    }
}

/// The keys the tests configure; they must never show in a URL, an error or a log line.
enum AlpacaKeys {
    static let keyId = "PKTEST7F3A9C2E11"
    static let secret = "sk-alpaca-test-9c2e7f3a0b1d4e5f"
}

/// Log lines kept in memory, to check what they hold.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    var logger: Logger {
        Logger(label: "alpaca-test") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
        }
    }
}

/// The waits the adapter asked for between retries (the tests do not wait).
final class SleepLog: Sendable {
    private let waits = Mutex<[Duration]>([])

    var all: [Duration] { waits.withLock { $0 } }

    func record(_ wait: Duration) { waits.withLock { $0.append(wait) } }
}

/// Runs `body` with a Broker pointed at a real loopback server that speaks Alpaca's routes, then shuts
/// both down.
func withLoopbackAlpaca<Result>(
    _ script: AlpacaScript, maxAttempts: Int = 3, log: CapturedLog = CapturedLog(), sleeps: SleepLog = SleepLog(),
    _ body: (_ broker: Broker, _ script: AlpacaScript) async throws -> Result
) async throws -> Result {
    let router = Router()
    let routes: [(HTTPRequest.Method, String)] = [
        (.post, "/v2/orders"), (.get, "/v2/orders/{id}"), (.get, "/v2/orders:by_client_order_id"),
        (.delete, "/v2/orders/{id}"), (.get, "/v2/positions"), (.get, "/v2/account"),
    ]
    for (method, path) in routes {
        router.on(RouterPath(path), method: method) { request, _ -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let reply = script.reply("\(method.rawValue) \(path)", request, body: body)
            var headers: HTTPFields = [.contentType: "application/json"]
            for (name, value) in reply.headers { headers[HTTPField.Name(name)!] = value }
            return Response(
                status: .init(code: reply.status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
    }
    var quiet = Logger(label: "loopback-alpaca")
    quiet.logLevel = .critical
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        }, logger: quiet)
    let serviceGroup = ServiceGroup(configuration: .init(services: [app], logger: quiet))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            defer { portContinuation.finish() }
            try await serviceGroup.run()
        }
        let httpClient = HTTPClient()
        do {
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port != 0 else { throw AlpacaLoopbackFailure.serverDidNotStart }
            var configuration = AlpacaConfiguration(
                keyId: AlpacaKeys.keyId, secretKey: AlpacaKeys.secret, baseURL: "http://127.0.0.1:\(port)/")
            configuration.maxAttempts = maxAttempts
            let broker = Broker.alpaca(
                configuration, httpClient: httpClient, logger: log.logger, sleep: { sleeps.record($0) })
            let result = try await body(broker, script)
            try await httpClient.shutdown()
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            try? await httpClient.shutdown()
            await serviceGroup.triggerGracefulShutdown()
            try? await group.waitForAll()
            throw error
        }
    }
}

enum AlpacaLoopbackFailure: Error {
    case serverDidNotStart
}
