import AutoIndexDomain
import EventSourcing
import Foundation
import MarketData

/// How the server runs: where it listens, which log it serves, how accounts work, and where market
/// data comes from.
public struct AppConfiguration: Sendable {
    /// The address to listen on (127.0.0.1 by default).
    public var host: String
    /// The port (8000 by default, or `PORT`).
    public var port: Int
    /// Where the log (and the read models) live.
    public var database: LogLocation
    /// The index the API serves.
    public var indexId: String
    /// Whether a log without market data gets the bundled dataset and a computed index before serving.
    public var importsBundledData: Bool
    /// Tokens, passwords, admins.
    public var auth: AuthSettings
    /// The provider refreshes fetch from; nil when no `TWELVEDATA_API_KEY` is set.
    public var marketData: MarketDataClient?
    /// How often the scheduler refreshes when there is a provider (nil: only on request).
    public var refreshInterval: Duration?
    /// The external brokers portfolios may trade through (Alpaca with its keys set); `paper` is built in.
    public var brokers: [Broker]
    /// How often orders at an external broker are submitted and read back.
    public var brokerPollInterval: Duration
    /// How long a query with `min_position` waits for its read models.
    public var readYourWritesTimeout: Duration
    /// The time every server path reads (job times, health, provider checks); the tokens' clock
    /// (``AuthSettings/now``) unless given.
    public var clock: WallClock
    /// The live streams' keep-alive and per-client queue.
    public var live = LiveSettings()
    /// Idle and slow-request timeouts, and the cap on open connections.
    public var connections = ConnectionLimits()

    public init(
        host: String = "127.0.0.1", port: Int = 8000, database: LogLocation, indexId: String = "autoindex",
        importsBundledData: Bool = true, auth: AuthSettings, marketData: MarketDataClient? = nil,
        refreshInterval: Duration? = nil, brokers: [Broker] = [], brokerPollInterval: Duration = .seconds(5),
        readYourWritesTimeout: Duration = .seconds(5), clock: WallClock? = nil
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.indexId = indexId
        self.importsBundledData = importsBundledData
        self.auth = auth
        self.marketData = marketData
        self.refreshInterval = refreshInterval
        self.brokers = brokers
        self.brokerPollInterval = brokerPollInterval
        self.readYourWritesTimeout = readYourWritesTimeout
        self.clock = clock ?? WallClock(now: auth.now)
    }
}

/// How the live streams (`/api/v1/stream`) behave.
public struct LiveSettings: Sendable {
    /// How often an idle stream sends a comment line, so proxies keep it open.
    public var keepAlive: Duration = .seconds(15)
    /// How many events one client may fall behind before it is sent `overflow` and disconnected.
    public var queueCapacity = 10_000

    public init() {}
}
