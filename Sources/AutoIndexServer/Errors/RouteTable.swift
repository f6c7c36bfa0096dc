import Hummingbird
import Synchronization

/// The paths the app serves and their methods, so an unmatched request can be told apart: an unknown
/// path is 404, a known path with another method is 405 naming the allowed ones.
public final class RouteTable: Sendable {
    private let routes = Mutex<[(segments: [Substring], methods: Set<String>)]>([])

    public init() {}

    /// Records `method` on `path` (`{name}` segments match any value).
    public func add(_ method: HTTPRequest.Method, _ path: String) {
        let segments = path.split(separator: "/")
        routes.withLock { routes in
            if let index = routes.firstIndex(where: { $0.segments == segments }) {
                routes[index].methods.insert(method.rawValue)
            } else {
                routes.append((segments, [method.rawValue]))
            }
        }
    }

    /// The methods served on `path`, sorted; empty for an unknown path.
    public func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        let matching = routes.withLock { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { pattern, value in
                        pattern == value || (pattern.hasPrefix("{") && pattern.hasSuffix("}"))
                    }
            }
        }
        return Set(matching.flatMap(\.methods)).sorted()
    }
}
