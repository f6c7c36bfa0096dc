import AutoIndexServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Idle and slow connections are closed, and past the cap new ones are refused at once while
/// `/health` and the clients already connected are served: raw sockets against the real server.
@Suite("Connection limits")
struct ConnectionLimitsTests {
    static func app(_ scratch: ScratchDirectory, _ limits: ConnectionLimits) async throws
        -> some ApplicationProtocol
    {
        var configuration = try TestServer.configuration(scratch.path("log.sqlite"))
        configuration.connections = limits
        configuration.live.keepAlive = .milliseconds(200)
        return try await buildApplication(configuration)
    }

    static func body(_ response: String) -> String {
        response.range(of: "\r\n\r\n").map { String(response[$0.upperBound...]) } ?? ""
    }

    @Test(
        "a silent connection is closed after the head timeout without a word; a head or a body that dribbles in is 408 request_timeout"
    )
    func slowRequests() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let limits = ConnectionLimits(
            idleTimeout: .seconds(5), requestHeadTimeout: .seconds(1), requestBodyTimeout: .seconds(1),
            maxConnections: 100)
        try await Self.app(scratch, limits).test(.live) { client in
            let port = try #require(client.port)
            async let silent = RawSocket.run { try RawSocket(port: port).read(timeout: 20) }
            async let dribbling = RawSocket.run {
                let socket = try RawSocket(port: port)
                socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n")
                var text = ""
                for line in 0..<100 {
                    let read = socket.read(timeout: 0.2)
                    text += read.text
                    if read.closed { return (text, true) }
                    socket.write("X-Slow-\(line): a header line at a time\r\n")
                }
                return (text, false)
            }
            async let slowBody = RawSocket.run {
                let socket = try RawSocket(port: port)
                socket.write(
                    "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"email\": ")
                return socket.read(timeout: 20)
            }

            let quiet = try await silent
            #expect(quiet.closed && quiet.text.isEmpty)
            #expect(quiet.seconds >= 0.9)
            let (head, closed) = try await dribbling
            #expect(closed)
            #expect(head.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
            #expect(head.lowercased().contains("connection: close"))
            #expect(
                Self.body(head)
                    == #"{"detail":"the request head did not arrive within 1 s","status_code":408,"type":"request_timeout"}"#
            )
            let body = try await slowBody
            #expect(body.closed)
            #expect(body.text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
            #expect(
                Self.body(body.text)
                    == #"{"detail":"the request body did not arrive within 1 s","status_code":408,"type":"request_timeout"}"#
            )
        }
    }

    @Test(
        "a keep-alive connection may wait the idle timeout between requests, longer than the head timeout, then is closed"
    )
    func idleBetweenRequests() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let limits = ConnectionLimits(
            idleTimeout: .seconds(3), requestHeadTimeout: .seconds(1), requestBodyTimeout: .seconds(1),
            maxConnections: 100)
        try await Self.app(scratch, limits).test(.live) { client in
            let port = try #require(client.port)
            let (first, second, after) = try await RawSocket.run {
                let socket = try RawSocket(port: port)
                let request = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                socket.write(request)
                let first = socket.readResponse(timeout: 10)
                Thread.sleep(forTimeInterval: 1.5)
                socket.write(request)
                let second = socket.readResponse(timeout: 10)
                return (first, second, socket.read(timeout: 20))
            }
            #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(second.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(after.closed && after.text.isEmpty)
            #expect(after.seconds >= 2.5)
        }
    }

    @Test(
        "past the cap a new connection is answered 503 too_many_connections and closed; /health is answered; connected clients go on"
    )
    func cap() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let limits = ConnectionLimits(
            idleTimeout: .seconds(30), requestHeadTimeout: .seconds(10), requestBodyTimeout: .seconds(10),
            maxConnections: 2)
        try await Self.app(scratch, limits).test(.live) { client in
            let port = try #require(client.port)
            let health = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
            let outcome = try await RawSocket.run {
                // The test client may hold a connection of its own: the silent one fills the cap if not.
                var kept: RawSocket? = try RawSocket(port: port)
                kept?.write(health)
                let keptFirst = kept?.readResponse(timeout: 10) ?? ""
                var silent: RawSocket? = try RawSocket(port: port)
                Thread.sleep(forTimeInterval: 0.2)
                let refused = try RawSocket(port: port)
                refused.write("GET /api/v1/index/current HTTP/1.1\r\nHost: localhost\r\n\r\n")
                let refusal = refused.read(timeout: 10)
                let probe = try RawSocket(port: port)
                probe.write(health)
                let probed = probe.read(timeout: 10)
                kept?.write(health)
                let keptAgain = kept?.readResponse(timeout: 10) ?? ""
                // Once connections close, a new one is served as usual.
                kept = nil
                silent = nil
                var fresh = ""
                for _ in 0..<50 {
                    Thread.sleep(forTimeInterval: 0.1)
                    let next = try RawSocket(port: port)
                    next.write(health)
                    fresh = next.readResponse(timeout: 10)
                    if !fresh.lowercased().contains("connection: close") { break }
                }
                return (keptFirst, refusal, probed, keptAgain, fresh, silent == nil)
            }
            #expect(outcome.0.hasPrefix("HTTP/1.1 200 OK\r\n"))
            let refusal = outcome.1
            #expect(refusal.closed)
            #expect(refusal.text.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
            #expect(refusal.text.contains("Retry-After: 1\r\n"))
            #expect(refusal.text.contains("Content-Type: application/json\r\n"))
            #expect(
                Self.body(refusal.text)
                    == #"{"detail":"the server has its limit of 2 connections open; try again shortly","status_code":503,"type":"too_many_connections"}"#
            )
            #expect(outcome.2.closed)
            #expect(outcome.2.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(outcome.2.text.lowercased().contains("connection: close"))
            #expect(Self.body(outcome.2.text).contains(#""status""#))
            #expect(outcome.3.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(outcome.4.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(!outcome.4.lowercased().contains("connection: close"))
        }
    }

    @Test("a live stream outlasts the idle and head timeouts: a response being written has no deadline")
    func streamsOutlastTimeouts() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let limits = ConnectionLimits(
            idleTimeout: .milliseconds(500), requestHeadTimeout: .milliseconds(500),
            requestBodyTimeout: .milliseconds(500), maxConnections: 100)
        try await Self.app(scratch, limits).test(.live) { client in
            let port = try #require(client.port)
            let token = try await client.register("streamer@example.com")
            let stream = try await LiveStreamClient.open(port: port, "/api/v1/stream", token: token)
            #expect(stream.status == 200)
            let started = ContinuousClock.now
            let (messages, ended) = try await LiveStreamClient.read(stream.body) { messages in
                messages.filter { $0.event == ":" }.count >= 10
            }
            #expect(!ended)
            #expect(messages.filter { $0.event == ":" }.count >= 10)
            #expect(ContinuousClock.now - started >= .seconds(1.5))
        }
    }
}
