import Foundation
import HTTPTypes
import Hummingbird

/// The router with every route's method, path and access also recorded in the route table (for 405
/// answers and the check against the OpenAPI document). Each route states who may call it and which
/// read models it reads; the wrapper authenticates the caller and honours `min_position` first.
struct APIRouter {
    let router: Router<AppRequestContext>
    let routes: RouteTable
    let authenticator: Authenticator
    let readModels: ReadModels
    let cache = ResponseCache()

    typealias Handler<Output> = @Sendable (Request, AppRequestContext) async throws -> Output

    /// Serves `GET path`.
    func get<Output: ResponseGenerator>(
        _ path: String, access: Access = .user, reads: [String] = [], use handler: @escaping Handler<Output>
    ) {
        router.get(RouterPath(path), use: guarded(.get, path, access, reads, handler))
    }

    /// Serves `GET path` for signed-in users from the read models `reads`, with an ETag made of their
    /// checkpoints: `If-None-Match` with it is answered 304, and the encoded answer is reused until one
    /// of them moves. Only for answers that depend on nothing but the URI and those read models.
    ///
    /// With `pointInTime`, `as_of` (a log position or a timestamp) answers from those read models as
    /// the log made them at that position, tagged by it (the log only grows, so the answer never
    /// changes); other routes refuse `as_of`.
    func cachedGet<Output: Encodable & SendableMetatype>(
        _ path: String, access: Access = .user, reads: [String], pointInTime: Bool = false,
        use handler: @escaping @Sendable (Request, AppRequestContext, ReadView) async throws -> Output
    ) {
        routes.add(.get, path, access: access)
        router.get(RouterPath(path)) { [authenticator, readModels, cache] request, context in
            var context = context
            context.identity = try await authenticator.identify(request, for: access)
            var asOf: Int64?
            if let text = request.uri.queryParameters["as_of"] {
                asOf = try await readModels.position(asOf: String(text))
            }
            var headers: HTTPFields = [.cacheControl: "private, no-cache"]
            let etag: String
            if let asOf {
                guard pointInTime else {
                    throw APIError.validation("as_of: \(path) answers only from the current read models")
                }
                etag = "\"at-\(asOf)\""
                headers[.asOfPosition] = String(asOf)
            } else {
                try await readModels.wait(for: request, reading: reads)
                etag = try await readModels.etag(reading: reads)
            }
            headers[.eTag] = etag
            if let given = request.headers.first(.ifNoneMatch), Self.matches(given, etag) {
                return Response(status: .notModified, headers: headers)
            }
            headers[.contentType] = "application/json; charset=utf-8"
            let key = request.uri.description
            if let body = cache.body(for: key, etag: etag) {
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
            }
            var view = readModels.live
            if let asOf { view = try await readModels.view(at: asOf, reading: reads) }
            let body = ByteBuffer(bytes: try context.responseEncoder.encode(try await handler(request, context, view)))
            cache.store(body, for: key, etag: etag)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        }
    }

    /// Whether an `If-None-Match` value names `etag` (weak comparison, lists and `*` included).
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == "*" || tag == etag
        }
    }

    /// Serves `POST path`.
    func post<Output: ResponseGenerator>(
        _ path: String, access: Access = .user, use handler: @escaping Handler<Output>
    ) {
        router.post(RouterPath(path), use: guarded(.post, path, access, [], handler))
    }

    /// Serves `PUT path`.
    func put<Output: ResponseGenerator>(
        _ path: String, access: Access = .user, use handler: @escaping Handler<Output>
    ) {
        router.put(RouterPath(path), use: guarded(.put, path, access, [], handler))
    }

    /// Serves `DELETE path`.
    func delete<Output: ResponseGenerator>(
        _ path: String, access: Access = .user, use handler: @escaping Handler<Output>
    ) {
        router.delete(RouterPath(path), use: guarded(.delete, path, access, [], handler))
    }

    private func guarded<Output>(
        _ method: HTTPRequest.Method, _ path: String, _ access: Access, _ reads: [String],
        _ handler: @escaping Handler<Output>
    ) -> Handler<Output> {
        routes.add(method, path, access: access)
        return { [authenticator, readModels] request, context in
            var context = context
            context.identity = try await authenticator.identify(request, for: access)
            if !reads.isEmpty { try await readModels.wait(for: request, reading: reads) }
            return try await handler(request, context)
        }
    }
}

extension HTTPField.Name {
    /// The log position a point-in-time (`as_of`) answer stands at.
    static let asOfPosition = HTTPField.Name("X-As-Of-Position")!
}
