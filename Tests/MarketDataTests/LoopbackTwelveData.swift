import AsyncHTTPClient
import Hummingbird
import Logging
import MarketData
import NIOCore
import ServiceLifecycle
import Synchronization

/// A reply the loopback server sends: HTTP status, JSON text and, to provoke timeouts, a delay before the head.
struct CannedReply: Sendable {
    var status: Int = 200
    var body: String
    var delay: Duration?
}

/// A request as the loopback server saw it.
struct RecordedRequest: Sendable {
    var path: String
    /// The query string as sent, percent-encoding included.
    var rawQuery: String
    /// The query parameters, decoded.
    var parameters: [String: String]
    var authorization: String?
}

/// The replies a test scripts, sent in order (the last one repeats), and the requests that came in.
final class TwelveDataScript: Sendable {
    private let state: Mutex<(replies: [CannedReply], requests: [RecordedRequest])>

    init(_ replies: [CannedReply]) {
        state = Mutex((replies, []))
    }

    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    fileprivate func reply(to request: Request) -> CannedReply {
        var parameters: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { parameters[String(name)] = String(value) }
        let recorded = RecordedRequest(
            path: request.uri.path, rawQuery: request.uri.query ?? "", parameters: parameters,
            authorization: request.headers[.authorization])
        return state.withLock { state in
            state.requests.append(recorded)
            guard state.replies.count > 1 else {
                return state.replies.first ?? CannedReply(status: 500, body: "no reply scripted")
            }
            return state.replies.removeFirst()
        }
    }
}

/// The API key the tests configure; it must never show in a URL or an error.
let testAPIKey = "td-test-key-7f3a9c"

/// Runs `body` against a real Hummingbird server on 127.0.0.1 (port 0) that speaks TwelveData's `/time_series`,
/// then shuts the server down, whether `body` threw or not.
func withLoopbackTwelveData<Result>(
    _ replies: [CannedReply],
    _ body: (_ baseURL: String, _ script: TwelveDataScript) async throws -> Result
) async throws -> Result {
    let script = TwelveDataScript(replies)
    let router = Router()
    router.get("time_series") { request, _ -> Response in
        let reply = script.reply(to: request)
        if let delay = reply.delay { try await Task.sleep(for: delay) }
        return Response(
            status: .init(code: reply.status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }
    var logger = Logger(label: "loopback-twelvedata")
    logger.logLevel = .critical
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger)
    let serviceGroup = ServiceGroup(configuration: .init(services: [app], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            defer { portContinuation.finish() }
            try await serviceGroup.run()
        }
        do {
            var portIterator = ports.makeAsyncIterator()
            guard let port = await portIterator.next(), port != 0 else { throw LoopbackFailure.serverDidNotStart }
            let result = try await body("http://127.0.0.1:\(port)", script)
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return result
        } catch {
            await serviceGroup.triggerGracefulShutdown()
            try? await group.waitForAll()
            throw error
        }
    }
}

enum LoopbackFailure: Error {
    case serverDidNotStart
}

/// Runs `body` with a live TwelveData client pointed at a loopback server scripted with `replies`, on a fake clock;
/// shuts the HTTP client and the server down afterwards, whether `body` threw or not.
func withTwelveData<Result>(
    _ replies: [CannedReply],
    plan: TwelveDataPlan = .grow55,
    clock: FakeClock = FakeClock(),
    maxAttempts: Int = 4,
    backoffCap: Duration = .seconds(30),
    requestTimeout: Duration = .seconds(30),
    batchSize: Int = 8,
    _ body: (_ client: MarketDataClient, _ script: TwelveDataScript, _ clock: FakeClock) async throws -> Result
) async throws -> Result {
    try await withLoopbackTwelveData(replies) { baseURL, script in
        let httpClient = HTTPClient()
        do {
            let configuration = TwelveDataConfiguration(
                apiKey: testAPIKey, baseURL: baseURL, plan: plan, maxAttempts: maxAttempts, backoffCap: backoffCap,
                requestTimeout: requestTimeout, batchSize: batchSize)
            var logger = Logger(label: "twelvedata-test")
            logger.logLevel = .critical
            let client = MarketDataClient.twelveData(
                configuration, httpClient: httpClient, clock: clock.marketDataClock, logger: logger)
            let result = try await body(client, script, clock)
            try await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }
}
