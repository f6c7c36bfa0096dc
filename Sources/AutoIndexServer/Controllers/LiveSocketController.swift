import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket

/// `/api/v1/ws`: the live stream over a WebSocket, with the same messages as `GET /api/v1/stream`
/// (one text message per event: `{"id", "event", "data"}`) and the same query (`after`, `log`,
/// `type`). The token comes in the `Authorization` header (checked before the upgrade: 401, 403
/// and 422 are plain HTTP answers) or as a first message `{"token": "…", "after": N}`; a refusal
/// after the upgrade is a message `{"event": "error", "status", "type", "detail"}` and the close.
struct LiveSocketController {
    let streams: LiveStreams

    /// How long a socket without a header token may take to send its first message.
    static let firstMessageTimeout: Duration = .seconds(10)

    private struct FirstMessage: Decodable {
        var token: String
        var after: Int64?
    }

    /// The upgrade on `sockets`, and on `api` the answer to a plain GET: 426 `upgrade_required`.
    func addRoutes(to api: APIRouter, sockets: Router<BasicWebSocketRequestContext>) {
        api.get("/api/v1/ws") { _, _ -> Response in
            throw APIError(
                .upgradeRequired, type: "upgrade_required",
                detail: "/api/v1/ws is a WebSocket: connect with Upgrade: websocket (or use GET /api/v1/stream)",
                headers: [.upgrade: "websocket", .connection: "Upgrade"])
        }
        sockets.ws("/api/v1/ws") { request, _ in
            let options = try LiveStreams.Options(request)
            if request.headers[.authorization] != nil {
                _ = try await streams.check(token: try Authenticator.bearerToken(request), options)
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            // One task reads for the whole connection (the library answers pings and closes as it
            // reads) and hands on the first text message; the other serves the stream.
            let (texts, received) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { received.finish() }
                    for try await message in inbound.messages(maxSize: 64 * 1024) {
                        if case .text(let text) = message { received.yield(text) }
                    }
                }
                group.addTask {
                    try await serve(context.request, firstText: texts, outbound: outbound)
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    private func serve(_ request: Request, firstText texts: AsyncStream<String>, outbound: WebSocketOutboundWriter)
        async throws
    {
        var sink = WebSocketSink(outbound: outbound)
        let session: LiveSession
        do {
            var options = try LiveStreams.Options(request)
            let token: String
            if request.headers[.authorization] != nil {
                token = try Authenticator.bearerToken(request)
            } else {
                let first = try await Self.firstMessage(texts)
                token = first.token
                options.after = first.after ?? options.after
            }
            session = try await streams.open(token: token, options)
        } catch let error as APIError {
            try await sink.refuse(error)
            return
        }
        try await session.run(into: &sink)
    }

    /// The first message of a socket opened without a header token, within ``firstMessageTimeout``.
    private static func firstMessage(_ texts: AsyncStream<String>) async throws -> FirstMessage {
        let text = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var iterator = texts.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try await Task.sleep(for: firstMessageTimeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let text, let first = try? JSONDecoder().decode(FirstMessage.self, from: Data(text.utf8)) else {
            throw APIError.unauthorized(
                "not_authenticated", "send the token in the Authorization header or as a first message {\"token\": …}")
        }
        return first
    }
}
