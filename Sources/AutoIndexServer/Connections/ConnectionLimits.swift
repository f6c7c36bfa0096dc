import Foundation

/// How long a connection may wait or dawdle, and how many may be open at once.
///
/// The defaults are a reverse proxy's: a request head must arrive within 10 s of the connection (or
/// of its first byte after a response), a body within 30 s of its head, and a keep-alive connection
/// may sit idle between requests for 60 s. A response being written has no deadline (the live
/// stream is one), and an upgraded WebSocket keeps itself alive with pings.
public struct ConnectionLimits: Sendable, Hashable {
    /// How long a keep-alive connection may sit idle between a response and the next request.
    public var idleTimeout: Duration
    /// How long a request head may take, from the connection or from its first byte.
    public var requestHeadTimeout: Duration
    /// How long a request body may take, from the end of its head.
    public var requestBodyTimeout: Duration
    /// How many connections may be open at once. Past it, a new connection is answered 503
    /// `too_many_connections` and closed, except `GET /health` and `/ready`, answered and then closed.
    public var maxConnections: Int

    /// The limits.
    /// - Parameters:
    ///   - maxConnections: defaults to ``defaultMaxConnections(fileLimit:)`` of the process's file limit.
    public init(
        idleTimeout: Duration = .seconds(60), requestHeadTimeout: Duration = .seconds(10),
        requestBodyTimeout: Duration = .seconds(30), maxConnections: Int? = nil
    ) {
        self.idleTimeout = idleTimeout
        self.requestHeadTimeout = requestHeadTimeout
        self.requestBodyTimeout = requestBodyTimeout
        self.maxConnections = maxConnections ?? Self.defaultMaxConnections(fileLimit: Self.openFileLimit())
    }

    /// The open files left to everything but connections: the database, its WAL, PostgreSQL's
    /// connections, the bundled data, logs. A tenth of the limit, at least 256.
    public static func reservedFiles(fileLimit: Int) -> Int { max(256, fileLimit / 10) }

    /// The default cap: the file limit less ``reservedFiles(fileLimit:)``, at least 16. With a
    /// limit of 20,000 open files, 18,000 connections; with 1,024, 768.
    public static func defaultMaxConnections(fileLimit: Int) -> Int {
        max(16, fileLimit - reservedFiles(fileLimit: fileLimit))
    }

    /// The process's soft limit on open files (`ulimit -n`).
    public static func openFileLimit() -> Int {
        var limit = rlimit()
        #if os(Linux)
            let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
            let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        return Int(clamping: min(limit.rlim_cur, rlim_t(Int32.max)))
    }
}
