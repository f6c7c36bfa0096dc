import HTTPTypes
import Hummingbird

/// `GET /api/v1/stream`: server-sent events of what the caller may see as it is appended (see
/// ``LiveAudience``), resumable from a log position with `Last-Event-ID` or `?after=N`; admins may
/// add `?log=1` (and `&type=T`, repeatable) for the raw log.
struct StreamController {
    let streams: LiveStreams

    func addRoutes(to api: APIRouter) {
        api.get("/api/v1/stream") { request, _ in
            let session = try await streams.open(token: try Authenticator.bearerToken(request), try .init(request))
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
                    .accelBuffering: "no",
                ],
                body: ResponseBody { writer in
                    try await writer.write(ServerSentEvents.opening)
                    var sink = EventStreamSink(writer: writer)
                    try await session.run(into: &sink)
                    writer = sink.writer
                    try await writer.finish(nil)
                })
        }
    }
}

extension HTTPField.Name {
    /// Where a reconnecting event-stream client resumes.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// Tells nginx not to buffer the stream.
    static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
