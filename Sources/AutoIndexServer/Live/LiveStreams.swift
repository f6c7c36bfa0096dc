import AutoIndexDomain
import EventSourcing
import Hummingbird

/// Opens live sessions for both transports, the event stream (`GET /api/v1/stream`) and the
/// WebSocket (`/api/v1/ws`): checks what was asked, decides the audience, and waits for the feed.
struct LiveStreams: Sendable {
    let store: any EventStore
    let feed: LiveFeed
    let authenticator: Authenticator
    let settings: LiveSettings

    /// What a client asked for: where to resume, and (admins) the raw log of some types.
    struct Options: Sendable {
        var after: Int64?
        var log = false
        var types: Set<String> = []

        /// Reads `?after=`, `log` and `type` (repeatable) of `request`; a `Last-Event-ID` header
        /// wins over `after`.
        /// - Throws: `APIError` 422 naming each bad value.
        init(_ request: Request) throws {
            let query = request.uri.queryParameters
            try self.init(
                after: request.headers[.lastEventID] ?? query["after"].map { String($0) },
                log: query["log"].map { String($0) }, types: query.getAll("type").map { String($0) })
        }

        init(after: String?, log: String?, types: [String]) throws {
            var problems: [String] = []
            if let after {
                if let position = Int64(after), position >= 0 {
                    self.after = position
                } else {
                    problems.append("after: \"\(after)\" is not a log position (an integer from 0)")
                }
            }
            self.log = log.map { $0 == "1" || $0 == "true" } ?? false
            self.types = Set(types)
            for type in self.types.sorted() where EventCatalog.type(named: type) == nil {
                problems.append("type: \"\(type)\" is not an event type of the catalog")
            }
            if !self.types.isEmpty, !self.log { problems.append("type: only with log=1 (the raw log)") }
            guard problems.isEmpty else { throw APIError.validation(problems.joined(separator: "; ")) }
        }
    }

    /// The holder of `token`, when they may have the stream `options` asks for.
    /// - Throws: `APIError` 401 for a bad token, 403 for `log` without the admin role, 422 for a
    ///   position beyond the head.
    func check(token: String, _ options: Options) async throws -> Identity {
        let identity = try await authenticator.identify(token: token, for: options.log ? .admin : .user)
        let head = try await store.headPosition()
        if let after = options.after, after > head {
            throw APIError.validation("after: \(after) is beyond the log's head (\(head))")
        }
        return identity
    }

    /// A session for the holder of `token`.
    /// - Throws: `APIError` 401 for a bad token, 403 for `log` without the admin role, 422 for a
    ///   position beyond the head, 503 `not_ready` while the feed has not started.
    func open(token: String, _ options: Options) async throws -> LiveSession {
        let identity = try await check(token: token, options)
        let audience: LiveAudience
        if options.log {
            audience = .log(types: options.types)
        } else {
            let directory = try await store.fold(PortfolioDirectory())
            audience = .viewer(
                identity.userId, owning: directory.entries.filter { $0.ownerId == identity.userId }.map(\.id))
        }
        guard await feed.waitUntilStarted() else {
            throw APIError(.serviceUnavailable, type: "not_ready", detail: "the live feed is starting; retry shortly")
        }
        return LiveSession(
            store: store, feed: feed, after: options.after, audience: audience, capacity: settings.queueCapacity,
            keepAlive: settings.keepAlive)
    }
}
