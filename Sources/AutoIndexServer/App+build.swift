import AutoIndexDomain
import EventStorePostgres
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import IndexService
import Logging
import PortfolioService
import Projections

/// Builds the AutoIndex application: the log, the projection runner and the refresh jobs as services
/// of the app, and every route behind ``RequestMiddleware`` (error bodies, metrics, the request
/// log). `autoindex serve` and the tests both call it.
/// - Parameter routes: receives every route served (the tests compare it with the OpenAPI document).
/// - Throws: when the database cannot be opened or the read models cannot be prepared.
public func buildApplication(
    _ configuration: AppConfiguration, logger: Logger = Logger(label: "autoindex.server"),
    routes: RouteTable = RouteTable()
) async throws -> some ApplicationProtocol {
    let started = ContinuousClock.now
    HeapTrimmer.limitArenas()
    let log = try await EventLog.open(configuration.database, upcasters: EventCatalog.upcasters, logger: logger)
    let store = log.store
    logger.notice("serving the log in \(configuration.database)")
    let database = try log.readModels()
    let runner = ProjectionRunner(store: store, database: database)
    try await runner.prepare()
    var market: MarketDataLedger?
    if configuration.importsBundledData {
        // The read models catch up with what the first start has appended while it appends the rest:
        // one core imports, the other projects.
        let projecting = Task {
            while !Task.isCancelled {
                try await runner.catchUp()
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        defer { projecting.cancel() }
        let firstStart = FirstStart(store: store, logger: logger)
        if let postgres = log.postgres {
            // Instances starting together import once: the others wait, then find the data there.
            market = try await postgres.exclusively("first start") { try await firstStart.run() }
        } else {
            market = try await firstStart.run()
        }
        projecting.cancel()
        _ = await projecting.result
    }
    let leadership = log.postgres.map { Leadership(PostgresLeaderLease(store: $0, role: "scheduler and settler")) }
    let indexId = configuration.indexId
    let desk = IndexDesk(store: store, indexId: indexId, market: market)
    let portfolios = PortfolioDesk(
        store: store, indexId: indexId, market: market, brokers: configuration.brokers)
    let jobs = RefreshJobs(
        store: store, client: configuration.marketData, desk: desk, interval: configuration.refreshInterval,
        clock: configuration.clock, leadership: leadership ?? .always, logger: logger)

    let readModels = ReadModels(
        runner: runner, store: store, database: database, timeout: configuration.readYourWritesTimeout)
    let authenticator = Authenticator(
        tokens: await TokenAuthority(settings: configuration.auth), users: UserQueries(database: database),
        readModels: readModels)
    let router = Router(context: AppRequestContext.self)
    let metrics = ServiceMetrics(store: store, runner: runner)
    router.middlewares.add(RequestMiddleware(errorBodies: ErrorBodies(routes: routes), metrics: metrics))
    let api = APIRouter(router: router, routes: routes, authenticator: authenticator, readModels: readModels)

    HealthController(runner: runner, metrics: metrics, clock: configuration.clock, leadership: leadership ?? .always)
        .addRoutes(to: api)
    try DocsController().addRoutes(to: api)
    AuthController(
        store: store, authenticator: authenticator,
        hasher: try await PasswordHasher(cost: configuration.auth.bcryptCost),
        throttle: LoginThrottle(settings: configuration.auth)
    ).addRoutes(to: api)
    UsersController(store: store).addRoutes(to: api)
    IndexController(indexId: indexId).addRoutes(to: api)
    SimulationController(
        inputs: SimulationInputs(
            indexId: indexId, history: IndexHistoryQueries(database: database), fx: FxRateQueries(database: database)),
        readModels: readModels
    ).addRoutes(to: api)
    BenchmarkController(indexId: indexId).addRoutes(to: api)
    StrategyController(indexId: indexId, allocation: AllocationQueries(database: database), desk: desk)
        .addRoutes(to: api)
    TasksController(jobs: jobs, client: configuration.marketData, clock: configuration.clock).addRoutes(to: api)
    DiagnosticsController(
        indexId: indexId, prices: AssetPriceQueries(database: database),
        history: IndexHistoryQueries(database: database),
        runner: runner
    ).addRoutes(to: api)
    PortfoliosController(desk: portfolios, authenticator: authenticator, readModels: readModels).addRoutes(to: api)
    EventsController(store: store).addRoutes(to: api)
    let feed = LiveFeed(store: store, logger: logger)
    let streams = LiveStreams(store: store, feed: feed, authenticator: authenticator, settings: configuration.live)
    StreamController(streams: streams).addRoutes(to: api)
    let sockets = Router(context: BasicWebSocketRequestContext.self)
    LiveSocketController(streams: streams).addRoutes(to: api, sockets: sockets)
    ProjectionsController(runner: runner).addRoutes(to: api)
    AuditController(
        store: store, rebalances: RebalanceAudit(store: store, indexId: indexId),
        portfolios: PortfolioQueries(database: database)
    ).addRoutes(to: api)

    let connections = OpenConnections(limit: configuration.connections.maxConnections)
    var app = Application(
        router: router,
        server: guardedServer(sockets: sockets, configuration: configuration, connections: connections),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "AutoIndex"),
        logger: logger)
    let settler = PortfolioSettler(
        desk: portfolios, brokerPollInterval: configuration.brokers.isEmpty ? nil : configuration.brokerPollInterval,
        logger: logger)
    app.addServices(
        runner, jobs, feed, LeaderOnlyService(service: settler, leadership: leadership ?? .always),
        JSONLogHandler.Flusher(), HeapTrimmer(connections: connections),
        ReadyAnnouncer(
            runner: runner, address: "\(configuration.host):\(configuration.port)", started: started, logger: logger))
    return app
}

/// HTTP/1 with the WebSocket upgrade, each connection held to ``AppConfiguration/connections``.
private func guardedServer(
    sockets: Router<BasicWebSocketRequestContext>, configuration: AppConfiguration, connections: OpenConnections
) -> HTTPServerBuilder {
    let socketResponder = sockets.buildResponder()
    let upgrade = HTTP1WebSocketUpgradeChannel.Configuration(
        ws: .init(autoPing: .enabled(timePeriod: configuration.live.keepAlive)))
    return HTTPServerBuilder { responder in
        GuardedChannel(
            inner: HTTP1WebSocketUpgradeChannel(
                responder: responder, webSocketResponder: socketResponder, configuration: upgrade),
            limits: configuration.connections, connections: connections)
    }
}
