import AsyncHTTPClient
import AutoIndexDomain
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Calls to Alpaca's Trading API v2 with the key headers, the retries and the errors mapped to
/// ``BrokerError`` (never holding a key).
struct AlpacaAPI: Sendable {
    let configuration: AlpacaConfiguration
    let httpClient: HTTPClient
    let logger: Logger
    /// How the retries wait (tests pass one that does not).
    let sleep: @Sendable (Duration) async throws -> Void

    static let maxReplyBytes = 4 * 1024 * 1024

    /// Sends one call, retrying a 429 (after its `Retry-After`, when given), a 5xx and a lost answer,
    /// and decodes a 2xx reply as `Reply`.
    func call<Reply: Decodable>(
        _ method: HTTPMethod, _ path: String, body: [String: String]? = nil, as _: Reply.Type
    ) async throws -> Reply {
        let data = try await send(method, path, body: body)
        do {
            return try JSONDecoder().decode(Reply.self, from: data)
        } catch {
            throw BrokerError(.malformed, status: 200, message: "\(method) \(path): not Alpaca's JSON")
        }
    }

    /// Sends one call whose reply has no body that matters (`DELETE`).
    func call(_ method: HTTPMethod, _ path: String) async throws {
        _ = try await send(method, path, body: nil)
    }

    private func send(_ method: HTTPMethod, _ path: String, body: [String: String]?) async throws -> Data {
        var last = BrokerError(.unavailable, status: nil, message: "no try made")
        for attempt in 1...max(1, configuration.maxAttempts) {
            let outcome = await once(method, path, body: body)
            switch outcome {
            case .success(let data):
                return data
            case .failure(let failure):
                last = failure.error
                guard failure.error.kind == .rateLimited || failure.error.kind == .unavailable,
                    attempt < configuration.maxAttempts
                else { throw failure.error }
                let delay = failure.retryAfter ?? backoff(beforeRetry: attempt)
                logger.warning(
                    "retrying Alpaca call",
                    metadata: [
                        "method": "\(method)", "path": "\(path)", "attempt": "\(attempt + 1)",
                        "error": "\(failure.error)",
                    ])
                try await sleep(delay)
            }
        }
        throw last
    }

    private struct Failure: Error {
        var error: BrokerError
        var retryAfter: Duration?
    }

    private func once(_ method: HTTPMethod, _ path: String, body: [String: String]?) async -> Result<Data, Failure> {
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "APCA-API-KEY-ID", value: configuration.keyId)
        request.headers.add(name: "APCA-API-SECRET-KEY", value: configuration.secretKey)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "AutoIndex")
        if let body, let json = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]) {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await httpClient.execute(request, timeout: Self.timeAmount(configuration.requestTimeout))
            data = Data(try await response.body.collect(upTo: Self.maxReplyBytes).readableBytesView)
        } catch {
            let message = configuration.redacting(String(describing: error))
            return .failure(Failure(error: BrokerError(.unavailable, status: nil, message: "no answer: \(message)")))
        }
        let status = Int(response.status.code)
        if (200..<300).contains(status) { return .success(data) }
        let said = (try? JSONDecoder().decode(AlpacaReplies.Failure.self, from: data)).map(\.message)
        let message = configuration.redacting(said ?? "\(method) \(path) answered \(status)")
        let kind: BrokerError.Kind
        switch status {
        case 401: kind = .unauthorized
        case 403: kind = .refused
        case 404: kind = .notFound
        case 422: kind = .invalid
        case 429: kind = .rateLimited
        case 500...: kind = .unavailable
        default: kind = .invalid
        }
        let retryAfter = response.headers.first(name: "Retry-After").flatMap(Int.init).map { Duration.seconds($0) }
        return .failure(Failure(error: BrokerError(kind, status: status, message: message), retryAfter: retryAfter))
    }

    /// The wait before retry `retry` (1 for the first): `backoffBase` doubled each time, at most `backoffCap`.
    func backoff(beforeRetry retry: Int) -> Duration {
        var delay = configuration.backoffBase
        for _ in 1..<max(1, retry) { delay *= 2 }
        return min(delay, configuration.backoffCap)
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
