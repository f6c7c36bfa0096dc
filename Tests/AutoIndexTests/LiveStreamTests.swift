import AsyncHTTPClient
import AutoIndexServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A server-sent events client for the tests: opens `GET path` on the live server and reads
/// messages as they arrive.
struct LiveStreamClient {
    struct Message: Equatable {
        var id: Int64?
        var event: String?
        var data: String
    }

    struct Opened {
        var status: UInt
        var contentType: String?
        var body: HTTPClientResponse.Body
    }

    static func open(port: Int, _ path: String, token: String?, headers: [String: String] = [:]) async throws -> Opened
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return Opened(
            status: response.status.code, contentType: response.headers.first(name: "Content-Type"),
            body: response.body)
    }

    /// Reads until `enough` holds for the messages (comments count as messages with event ":"),
    /// the stream ends, or `timeout` passes.
    /// - Returns: the messages read and whether the server ended the stream.
    static func read(
        _ body: HTTPClientResponse.Body, timeout: Duration = .seconds(20),
        until enough: @escaping @Sendable ([Message]) -> Bool
    ) async throws -> (messages: [Message], ended: Bool) {
        try await withThrowingTaskGroup(of: ([Message], Bool)?.self) { group in
            group.addTask {
                var text = ""
                var messages: [Message] = []
                for try await buffer in body {
                    text += String(buffer: buffer)
                    while let end = text.range(of: "\n\n") {
                        messages.append(parse(String(text[..<end.lowerBound])))
                        text = String(text[end.upperBound...])
                    }
                    if enough(messages) { return (messages, false) }
                }
                return (messages, true)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return try #require(first, "the stream did not deliver what was expected within \(timeout)")
        }
    }

    private static func parse(_ block: String) -> Message {
        var message = Message(id: nil, event: nil, data: "")
        var data: [String] = []
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(":") {
                message.event = ":"
            } else if line.hasPrefix("id: ") {
                message.id = Int64(line.dropFirst(4))
            } else if line.hasPrefix("event: ") {
                message.event = String(line.dropFirst(7))
            } else if line.hasPrefix("data: ") {
                data.append(String(line.dropFirst(6)))
            }
        }
        message.data = data.joined(separator: "\n")
        return message
    }
}

@Suite("Live stream (server-sent events)")
struct LiveStreamTests {
    /// The messages that carry events (not `retry:` or comments).
    static func events(_ messages: [LiveStreamClient.Message]) -> [LiveStreamClient.Message] {
        messages.filter { $0.id != nil }
    }

    static func json(_ message: LiveStreamClient.Message) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(message.data.utf8)) as? [String: Any])
    }

    @Test("no token is 401, log=1 for a user is 403, a bad position or type is 422 naming it")
    func refusals() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let user = try await client.register("reader@example.com")
            let port = try #require(client.port)
            #expect(try await LiveStreamClient.open(port: port, "/api/v1/stream", token: nil).status == 401)
            #expect(try await LiveStreamClient.open(port: port, "/api/v1/stream?log=1", token: user).status == 403)
            for (path, named) in [
                ("/api/v1/stream?after=-1", "after"), ("/api/v1/stream?after=999999", "beyond the log's head"),
                ("/api/v1/stream?log=1&type=Nope", "Nope"), ("/api/v1/stream?type=IndexValued", "only with log=1"),
            ] {
                let response = try await client.get(path, token: user)
                #expect(response.status == .unprocessableContent, "\(path)")
                #expect(String(buffer: response.body).contains(named), "\(path): \(String(buffer: response.body))")
            }
        }
    }

    @Test(
        "a user's stream: the index and the configuration for everyone, their own portfolio's events and never another's; resumed with Last-Event-ID with no gap and no repeat"
    )
    func viewerStream() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let alice = try await client.register("alice@example.com")
            let bob = try await client.register("bob@example.com")
            let admin = try await client.register(TestServer.admin)
            let opened = try TestServer.json(
                try await client.send(
                    .post, "/api/v1/portfolios", token: alice, json: #"{"name": "Main", "initial_cash": 10000}"#))
            let own = try #require(opened["portfolio_id"] as? String)
            _ = try await client.send(
                .post, "/api/v1/portfolios", token: bob, json: #"{"name": "Other", "initial_cash": 5000}"#)

            // From the start of the log: what the log holds of the visible types, in order, once each.
            let everything = try await LiveStreamClient.open(port: port, "/api/v1/stream?after=0", token: alice)
            #expect(everything.status == 200)
            #expect(everything.contentType == "text/event-stream; charset=utf-8")
            var logged: [[String: Any]] = []
            var after = 0
            while true {
                let page = try TestServer.json(
                    try await client.get("/api/v1/events?limit=1000&after=\(after)", token: admin))
                logged += try #require(page["events"] as? [[String: Any]])
                guard let next = page["next_after"] as? Int else { break }
                after = next
            }
            let shared: Set<String> = [
                "RebalanceRequested", "WeightsCalculated", "AllocationChanged", "IndexValued", "ConfigUpdated",
                "RefreshStarted", "RefreshCompleted", "RefreshFailed",
            ]
            let expected = logged.filter { event in
                shared.contains(event["type"] as? String ?? "") || (event["stream"] as? String) == "portfolio-\(own)"
            }
            let expectedIds = expected.compactMap { ($0["position"] as? Int).map(Int64.init) }
            #expect(expectedIds.count > 10)
            let (first, _) = try await LiveStreamClient.read(everything.body) { messages in
                Self.events(messages).count >= expectedIds.count
            }
            let received = Self.events(first)
            #expect(received.map(\.id) == expectedIds)
            #expect(received.map(\.event) == expected.map { $0["type"] as? String })
            // Each message's data is the event as the log endpoint gives it.
            for (message, event) in zip(received, expected) {
                #expect(NSDictionary(dictionary: try Self.json(message)) == NSDictionary(dictionary: event))
            }
            #expect(!received.contains { $0.data.contains("Other") || $0.data.contains("bob@") })
            let opening = try #require(received.first { $0.event == "PortfolioOpened" })
            let message = try Self.json(opening)
            #expect(message["stream"] as? String == "portfolio-\(own)")
            #expect((message["payload"] as? [String: Any])?["name"] as? String == "Main")
            #expect(message["position"] as? Int == opening.id.map(Int.init))

            // Live: a new stream sees the admin's configuration change and its rebalance as they are
            // appended, and Bob's deposit never.
            let live = try await LiveStreamClient.open(port: port, "/api/v1/stream", token: alice)
            let reading = Task {
                try await LiveStreamClient.read(live.body) { messages in
                    Self.events(messages).contains { $0.event == "AllocationChanged" }
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            let changed = try await client.send(
                .put, "/api/v1/strategy/config", token: admin,
                json: #"{"rebalance_frequency": "weekly", "reason": "live stream test"}"#)
            #expect(changed.status == .ok, "\(String(buffer: changed.body))")
            let (news, _) = try await reading.value
            let fresh = Self.events(news)
            #expect(
                fresh.map(\.event) == ["ConfigUpdated", "RebalanceRequested", "WeightsCalculated", "AllocationChanged"])
            let last = try #require(expectedIds.last)
            #expect(fresh.allSatisfy { ($0.id ?? 0) > last })

            // Resumed after the first of them: the other three, not the first again.
            let resumed = try await LiveStreamClient.open(
                port: port, "/api/v1/stream", token: alice, headers: ["Last-Event-ID": "\(fresh[0].id ?? 0)"])
            let (again, _) = try await LiveStreamClient.read(resumed.body) { Self.events($0).count >= 3 }
            #expect(Self.events(again).map(\.id) == fresh.dropFirst().map(\.id))
        }
    }

    @Test("an admin's raw log of chosen types, each event as the log holds it; an idle stream gets keep-alives")
    func rawLogAndKeepAlive() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var configuration = try await TestServer.seeded(scratch)
        configuration.live.keepAlive = .milliseconds(200)
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let admin = try await client.register(TestServer.admin)
            let changed = try await client.send(
                .put, "/api/v1/strategy/config", token: admin,
                json: #"{"rebalance_frequency": "weekly", "reason": "raw log test"}"#)
            #expect(changed.status == .ok)
            let stream = try await LiveStreamClient.open(
                port: port, "/api/v1/stream?log=1&type=ConfigUpdated&type=UserRegistered&after=0", token: admin)
            #expect(stream.status == 200)
            let (messages, ended) = try await LiveStreamClient.read(stream.body) { messages in
                messages.filter { $0.event == ":" }.count >= 2
            }
            #expect(!ended)
            let events = Self.events(messages)
            // The seeded configuration, the admin's registration and the change, each with its hash
            // and the payload as stored.
            #expect(events.map(\.event) == ["ConfigUpdated", "UserRegistered", "ConfigUpdated"])
            let change = try Self.json(try #require(events.last))
            #expect((change["hash"] as? String)?.count == 64)
            #expect(change["actor"] as? String == TestServer.admin)
            #expect((change["payload"] as? [String: Any])?["reason"] as? String == "raw log test")
        }
    }

    @Test("a client that falls behind gets event: overflow and is disconnected, and appends go on")
    func overflow() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        var configuration = try await TestServer.seeded(scratch)
        // A rebalance appends three visible events at once: more than this queue holds.
        configuration.live.queueCapacity = 2
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let admin = try await client.register(TestServer.admin)
            let stream = try await LiveStreamClient.open(port: port, "/api/v1/stream", token: admin)
            let reading = Task { try await LiveStreamClient.read(stream.body) { _ in false } }
            try await Task.sleep(for: .milliseconds(300))
            let changed = try await client.send(
                .put, "/api/v1/strategy/config", token: admin,
                json: #"{"rebalance_frequency": "weekly", "reason": "overflow test"}"#)
            #expect(changed.status == .ok)
            let (messages, ended) = try await reading.value
            #expect(ended)
            let last = try #require(messages.last)
            #expect(last.event == "overflow" && last.data.contains("Last-Event-ID"))
            // The log went on: a second change is appended and answered as usual.
            let again = try await client.send(
                .put, "/api/v1/strategy/config", token: admin,
                json: #"{"rebalance_frequency": "monthly", "reason": "after the overflow"}"#)
            #expect(again.status == .ok)
        }
    }
}
