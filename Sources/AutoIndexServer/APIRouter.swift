import Hummingbird

/// The router with every route also recorded in the route table (for 405 answers and, later, the
/// OpenAPI document).
public struct APIRouter<Context: RequestContext> {
    public let router: Router<Context>
    public let routes: RouteTable

    public init(router: Router<Context>, routes: RouteTable) {
        self.router = router
        self.routes = routes
    }

    /// Serves `GET path`.
    public func get<Output: ResponseGenerator>(
        _ path: String, use handler: @Sendable @escaping (Request, Context) async throws -> Output
    ) {
        routes.add(.get, path)
        router.get(RouterPath(path), use: handler)
    }

    /// Serves `POST path`.
    public func post<Output: ResponseGenerator>(
        _ path: String, use handler: @Sendable @escaping (Request, Context) async throws -> Output
    ) {
        routes.add(.post, path)
        router.post(RouterPath(path), use: handler)
    }
}
