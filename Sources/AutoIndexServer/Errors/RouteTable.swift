import Hummingbird
import Synchronization

/// The routes the app serves, so an unmatched request can be told apart (an unknown path is 404, a
/// known path with another method is 405 naming the allowed ones) and the OpenAPI document can be
/// checked against what is really served.
public final class RouteTable: Sendable {
    /// One served route.
    public struct Route: Sendable, Hashable {
        public var method: String
        /// With `{name}` segments for parameters.
        public var path: String
        public var access: Access
    }

    private let routes = Mutex<[Route]>([])

    public init() {}

    /// Records `method` on `path` (`{name}` segments match any value).
    public func add(_ method: HTTPRequest.Method, _ path: String, access: Access) {
        routes.withLock { $0.append(Route(method: method.rawValue, path: path, access: access)) }
    }

    /// Every route, in the order added.
    public var all: [Route] { routes.withLock { $0 } }

    /// The methods served on `path`, sorted; empty for an unknown path.
    public func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        let matching = all.filter { route in
            let pattern = route.path.split(separator: "/")
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { pattern, value in
                    pattern == value || (pattern.hasPrefix("{") && pattern.hasSuffix("}"))
                }
        }
        return Set(matching.map(\.method)).sorted()
    }
}
