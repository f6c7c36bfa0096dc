import Foundation
import NIOCore

/// The first handler of every connection: counts it against the cap and closes it when it waits or
/// dawdles past ``ConnectionLimits``. It sees raw bytes, so it knows when a request head began;
/// ``RequestPhase``, behind the HTTP decoder, tells it when heads, bodies and responses end.
///
/// A head or body that is too slow is answered 408 `request_timeout` (unless a response began) and
/// the connection closed; a connection idle between requests is closed without a word.
final class ConnectionDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum Phase: Equatable {
        /// Waiting for a request head; `begun` once a byte of it arrived.
        case awaitingHead(begun: Bool)
        /// A head arrived; its body has not ended.
        case readingBody
        /// Every request read; a response is being written.
        case responding
        /// Between a response and the next request.
        case idle
        /// Upgraded to a WebSocket, which pings on its own.
        case upgraded
    }

    private let limits: ConnectionLimits
    private let connections: OpenConnections
    private var phase = Phase.awaitingHead(begun: false)
    /// Requests whose head arrived and whose response has not ended (more than one when pipelined).
    private var openRequests = 0
    private var responseBegun = false
    private var counted = false
    /// Whether a head went on to the HTTP handlers, which then know the connection is HTTP/1.
    private var hasForwardedHead = false
    private var timer: Scheduled<Void>?
    private var timerAt: NIODeadline?
    private var deadline: NIODeadline?
    private var context: ChannelHandlerContext?
    /// Whether the connection opened past the cap: it is answered 503, `/health` aside, and closed.
    private(set) var isOverCapacity = false

    init(limits: ConnectionLimits, connections: OpenConnections) {
        self.limits = limits
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        counted = true
        isOverCapacity = !connections.open()
        // A connection past the cap holds a file of the reserve: it gets a second to ask for /health.
        arm(isOverCapacity ? min(limits.requestHeadTimeout, .seconds(1)) : limits.requestHeadTimeout)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if counted {
            counted = false
            connections.close()
        }
        timer?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch phase {
        case .idle:
            phase = .awaitingHead(begun: true)
            arm(limits.requestHeadTimeout)
        case .awaitingHead(begun: false):
            phase = .awaitingHead(begun: true)
        default:
            break
        }
        context.fireChannelRead(data)
    }

    /// A request head was decoded: its body is now on the clock.
    func headArrived() {
        hasForwardedHead = true
        openRequests += 1
        responseBegun = false
        phase = .readingBody
        arm(limits.requestBodyTimeout)
    }

    /// A request's body ended: no deadline while it is answered.
    func bodyEnded() {
        guard phase == .readingBody else { return }
        phase = .responding
        disarm()
    }

    /// A response head went out.
    func responseBegan() {
        responseBegun = true
    }

    /// A response ended: when no other request is open, the connection is idle.
    func responseEnded() {
        openRequests = max(0, openRequests - 1)
        guard phase == .responding, openRequests == 0 else { return }
        phase = .idle
        arm(limits.idleTimeout)
    }

    /// The connection became a WebSocket.
    func upgraded() {
        phase = .upgraded
        disarm()
    }

    /// Answers 503 `too_many_connections` and closes: the connection opened past the cap.
    func refuseOverCapacity() {
        end(
            answering: APIError(
                .serviceUnavailable, type: "too_many_connections",
                detail: "the server has its limit of \(connections.limit) connections open; try again shortly",
                headers: [.retryAfter: "1"]))
    }

    /// Sets the deadline. Requests move it twice each, so one scheduled check per connection is
    /// kept and, when it fires early, moved to the deadline: no timer is scheduled per request.
    private func arm(_ timeout: Duration) {
        let next = NIODeadline.now() + TimeAmount(timeout)
        deadline = next
        if let timerAt, timerAt <= next { return }
        timer?.cancel()
        schedule(at: next)
    }

    private func disarm() {
        deadline = nil
    }

    private func schedule(at when: NIODeadline) {
        guard let context else { return }
        timerAt = when
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: when) { [weak self] in
            self?.check()
        }
    }

    private func check() {
        timer = nil
        timerAt = nil
        guard let deadline else { return }
        guard deadline <= .now() else { return schedule(at: deadline) }
        self.deadline = nil
        expire()
    }

    private func expire() {
        switch phase {
        case .awaitingHead(begun: true) where !isOverCapacity:
            end(
                answering: APIError(
                    .requestTimeout, type: "request_timeout",
                    detail: "the request head did not arrive within \(Self.seconds(limits.requestHeadTimeout))"))
        case .readingBody where !responseBegun:
            end(
                answering: APIError(
                    .requestTimeout, type: "request_timeout",
                    detail: "the request body did not arrive within \(Self.seconds(limits.requestBodyTimeout))"))
        case .responding, .upgraded:
            return
        default:
            end(answering: nil)
        }
    }

    /// Writes `answer`, if any, and closes the connection.
    private func end(answering answer: APIError?) {
        guard let context else { return }
        disarm()
        let close = { [hasForwardedHead] in
            // Before its first head the HTTP pipeline is still deciding between HTTP/1 and a
            // WebSocket: told the input closed, it ends quietly instead of reporting an error.
            if !hasForwardedHead { context.fireUserInboundEventTriggered(ChannelEvent.inputClosed) }
            context.close(promise: nil)
        }
        guard let answer else { return close() }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(NIOAny(ByteBuffer(bytes: answer.http1Bytes(closing: true))), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in close() }
    }

    private static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
