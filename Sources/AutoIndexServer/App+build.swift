import AutoIndexDomain
import EventStoreSQLite
import Hummingbird
import Logging
import Projections

/// Builds the AutoIndex application: the log, the projection runner as a service of the app, and every
/// route behind the error-body middleware. `autoindex serve` and the tests both call it.
/// - Throws: when the database cannot be opened or the read models cannot be prepared.
public func buildApplication(
    _ configuration: AppConfiguration, logger: Logger = Logger(label: "autoindex.server")
) async throws -> some ApplicationProtocol {
    let store = try SQLiteEventStore(
        path: configuration.databasePath, options: .init(upcasters: EventCatalog.upcasters))
    if configuration.importsBundledData { try await FirstStart(store: store, logger: logger).run() }
    let runner = ProjectionRunner(projectors: ShippedProjectors.all, store: store, database: store.database)
    try await runner.prepare()

    let routes = RouteTable()
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(ErrorBodyMiddleware(routes: routes))
    let api = APIRouter(router: router, routes: routes)
    HealthController(runner: runner).addRoutes(to: api)
    IndexController(
        indexId: configuration.indexId, history: IndexHistoryQueries(database: store.database),
        allocation: AllocationQueries(database: store.database), prices: AssetPriceQueries(database: store.database),
        benchmark: BenchmarkQueries(database: store.database), fx: FxRateQueries(database: store.database)
    ).addRoutes(to: api)
    StrategyController(
        indexId: configuration.indexId, configs: StrategyConfigQueries(database: store.database),
        allocation: AllocationQueries(database: store.database), risk: RiskMetricsQueries(database: store.database)
    ).addRoutes(to: api)
    DiagnosticsController(
        indexId: configuration.indexId, refreshes: RefreshStatusQueries(database: store.database),
        prices: AssetPriceQueries(database: store.database), history: IndexHistoryQueries(database: store.database),
        runner: runner
    ).addRoutes(to: api)
    SimulationController(
        indexId: configuration.indexId, history: IndexHistoryQueries(database: store.database),
        fx: FxRateQueries(database: store.database)
    ).addRoutes(to: api)

    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "AutoIndex"),
        logger: logger)
    app.addServices(runner)
    return app
}
