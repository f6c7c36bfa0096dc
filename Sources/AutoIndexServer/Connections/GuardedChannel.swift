import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// An HTTP/1 server channel with ``ConnectionLimits`` enforced on every connection: the inner
/// channel (HTTP with the WebSocket upgrade) sets up the pipeline, then ``ConnectionDeadline``
/// goes in front of it and ``RequestPhase`` behind its HTTP decoder.
struct GuardedChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let limits: ConnectionLimits
    let connections: OpenConnections

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            let pipeline = channel.pipeline.syncOperations
            let deadline = ConnectionDeadline(limits: limits, connections: connections)
            try pipeline.addHandler(deadline, position: .first)
            // The inner setup builds the HTTP pipeline synchronously, on this event loop.
            let value = inner.setup(channel: channel, logger: logger)
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(RequestPhase(deadline: deadline), position: .after(decoder))
            return value
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
