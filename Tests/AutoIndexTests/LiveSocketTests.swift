import AutoIndexServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOWebSocket
import Synchronization
import Testing

/// `/api/v1/ws`: the live stream over a real WebSocket on the loopback server.
@Suite("Live stream (WebSocket)")
struct LiveSocketTests {
    static let logger = Logger(label: "test.ws") { _ in SwiftLogNoOpLogHandler() }

    /// Connects to `/api/v1/ws?query`, sends `first` when given, and reads text messages until `enough`
    /// holds for them or the server closes; returns them (as JSON objects) and the close code.
    static func read(
        port: Int, query: String = "", token: String?, first: String? = nil,
        until enough: @escaping @Sendable ([[String: Any]]) -> Bool
    ) async throws -> (texts: [String], close: WebSocketErrorCode?) {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        let received = Mutex<[String]>([])
        let close = try await WebSocketClient.connect(
            url: "ws://127.0.0.1:\(port)/api/v1/ws\(query)", configuration: .init(additionalHeaders: headers),
            logger: logger
        ) { inbound, outbound, _ in
            if let first { try await outbound.write(.text(first)) }
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else { continue }
                let all = received.withLock { texts in
                    texts.append(text)
                    return texts
                }
                if enough(all.compactMap(Self.object)) { return }
            }
        }
        return (received.withLock { $0 }, close?.closeCode)
    }

    static func object(_ text: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    }

    static func change(_ client: some TestClientProtocol, admin: String, to frequency: String) async throws -> Int {
        let changed = try await client.send(
            .put, "/api/v1/strategy/config", token: admin,
            json: #"{"rebalance_frequency": "\#(frequency)", "reason": "websocket test"}"#)
        #expect(changed.status == .ok, "\(String(buffer: changed.body))")
        return try #require(try TestServer.json(changed)["position"] as? Int)
    }

    @Test(
        "the token in the header: new events as they are appended; in a first message with after: resumed from that position"
    )
    func liveAndResumed() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let admin = try await client.register(TestServer.admin)
            let user = try await client.register("socket@example.com")

            let live = Task {
                try await Self.read(port: port, token: user) { messages in
                    messages.contains { $0["event"] as? String == "AllocationChanged" }
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            let position = try await Self.change(client, admin: admin, to: "weekly")
            let messages = try await live.value.texts.compactMap(Self.object)
            #expect(
                messages.map { $0["event"] as? String } == [
                    "ConfigUpdated", "RebalanceRequested", "WeightsCalculated", "AllocationChanged",
                ])
            #expect(messages.last?["id"] as? Int == position)
            let data = try #require(messages.first?["data"] as? [String: Any])
            #expect(data["position"] as? Int == messages.first?["id"] as? Int)
            #expect((data["payload"] as? [String: Any])?["reason"] as? String == "websocket test")

            // No header: the token and the position in the first message; the four events after it.
            let resumed = try await Self.read(
                port: port, token: nil, first: #"{"token": "\#(user)", "after": \#(position - 4)}"#
            ) { $0.count >= 4 }.texts.compactMap(Self.object)
            #expect(resumed.map { $0["id"] as? Int } == messages.map { $0["id"] as? Int })
        }
    }

    @Test("a bad token: 401 before the upgrade in the header, an error message and the close in a first message")
    func refusals() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let user = try await client.register("socket@example.com")
            await #expect(throws: (any Error).self) {
                try await Self.read(port: port, token: "not-a-token") { _ in true }
            }
            await #expect(throws: (any Error).self) {
                try await Self.read(port: port, query: "?log=1", token: user) { _ in true }
            }
            let (texts, close) = try await Self.read(port: port, token: nil, first: #"{"token": "forged"}"#) {
                _ in false
            }
            let messages = texts.compactMap(Self.object)
            #expect(messages.count == 1)
            #expect(messages.first?["event"] as? String == "error" && messages.first?["status"] as? Int == 401)
            #expect(close == .policyViolation)
            // A plain GET is told to upgrade.
            let plain = try await client.get("/api/v1/ws", token: user)
            #expect(plain.status == .upgradeRequired)
            #expect(String(buffer: plain.body).contains("upgrade_required"))
        }
    }
}
