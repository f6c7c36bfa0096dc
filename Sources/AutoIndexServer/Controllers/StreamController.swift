import AutoIndexDomain
import EventSourcing
import HTTPTypes
import Hummingbird
import ServiceLifecycle

/// `GET /api/v1/stream`: server-sent events of what the caller may see as it is appended (see
/// ``LiveAudience``), resumable from a log position with `Last-Event-ID` or `?after=N`; admins may
/// add `?log=1` (and `&type=T`, repeatable) for the raw log.
struct StreamController {
    let store: any EventStore
    let feed: LiveFeed
    let authenticator: Authenticator
    let settings: LiveSettings

    func addRoutes(to api: APIRouter) {
        api.get("/api/v1/stream") { request, context in
            let identity = try context.requireIdentity()
            let query = request.uri.queryParameters
            var problems: [String] = []
            let resume = request.headers[.lastEventID] ?? query["after"].map(String.init)
            var after: Int64?
            if let resume {
                if let position = Int64(resume), position >= 0 {
                    after = position
                } else {
                    problems.append("after: \"\(resume)\" is not a log position (an integer from 0)")
                }
            }
            let raw = query["log"].map { $0 == "1" || $0 == "true" } ?? false
            let types = Set(query.getAll("type").map { String($0) })
            for type in types.sorted() where EventCatalog.type(named: type) == nil {
                problems.append("type: \"\(type)\" is not an event type of the catalog")
            }
            if !types.isEmpty, !raw { problems.append("type: only with log=1 (the raw log)") }
            guard problems.isEmpty else { throw APIError.validation(problems.joined(separator: "; ")) }

            let audience: LiveAudience
            if raw {
                _ = try await authenticator.identify(request, for: .admin)
                audience = .log(types: types)
            } else {
                let directory = try await store.fold(PortfolioDirectory())
                audience = .viewer(
                    identity.userId,
                    owning: directory.entries.filter { $0.ownerId == identity.userId }.map(\.id))
            }
            let head = try await store.headPosition()
            if let after, after > head {
                throw APIError.validation("after: \(after) is beyond the log's head (\(head))")
            }
            let queue = LiveQueue(capacity: settings.queueCapacity, types: audience.types)
            guard let registration = try await feed.register(queue) else {
                throw APIError(
                    .serviceUnavailable, type: "not_ready", detail: "the live feed is starting; retry shortly")
            }
            let session = LiveSession(
                store: store, registration: registration, after: after ?? registration.position, audience: audience,
                keepAlive: settings.keepAlive)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
                    .accelBuffering: "no",
                ],
                body: ResponseBody { [feed] writer in
                    defer { feed.unregister(registration) }
                    // The server waits for open requests when it shuts down: end the stream then.
                    try await withGracefulShutdownHandler {
                        try await session.run(&writer)
                    } onGracefulShutdown: {
                        queue.close()
                    }
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
