import NIOCore
import NIOHTTP1

/// Sits behind the HTTP decoder and tells ``ConnectionDeadline`` where each request and response
/// is. On a connection over the cap it lets `GET /health` and `/ready` through (then closes) and
/// has every other request refused with 503.
final class RequestPhase: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let deadline: ConnectionDeadline
    /// Set once a request was refused: what follows of it is dropped.
    private var refused = false
    private var closesAfterResponse = false
    private var isLeaving = false

    init(deadline: ConnectionDeadline) {
        self.deadline = deadline
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            if deadline.isOverCapacity {
                guard Self.isProbe(head) else {
                    refused = true
                    deadline.refuseOverCapacity()
                    return
                }
                closesAfterResponse = true
            }
            deadline.headArrived()
        case .body:
            break
        case .end:
            deadline.bodyEnded()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if head.status == .switchingProtocols {
                // WebSocket frames follow, which this handler cannot read: it leaves the pipeline
                // once the 101 is flushed (leaving now would drop the flush that follows the write).
                deadline.upgraded()
                isLeaving = true
            }
            deadline.responseBegan()
            if closesAfterResponse {
                head.headers.replaceOrAdd(name: "Connection", value: "close")
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
        case .body:
            break
        case .end:
            deadline.responseEnded()
            if closesAfterResponse {
                let written = context.eventLoop.makePromise(of: Void.self)
                context.writeAndFlush(data, promise: written)
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                if let promise { written.futureResult.cascade(to: promise) }
                return
            }
        }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        if isLeaving {
            isLeaving = false
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    private static func isProbe(_ head: HTTPRequestHead) -> Bool {
        guard head.method == .GET || head.method == .HEAD else { return false }
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return path == "/health" || path == "/ready"
    }
}
