import EventSourcing
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The one middleware every request passes through: whatever a route throws becomes its JSON error
/// body (``ErrorBodies``); then the request is counted in ``ServiceMetrics`` and logged, one
/// structured line with a request id (the caller's `X-Request-Id` when it is a short token, else
/// Hummingbird's own) that is also on every log line of the request and echoed in the response.
/// Only the method, route, path, status and duration are logged: never headers, bodies or query
/// strings, so tokens and passwords cannot reach the log. One middleware rather than three: each
/// layer costs every request an async call and a copy of the context.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let errorBodies: ErrorBodies
    let metrics: ServiceMetrics

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        // Hummingbird's own id is already on the request's logger (JSON lines name it `request_id`);
        // the logger is only changed for a caller's id.
        let given = request.headers.first(.xRequestId).flatMap(Self.acceptable)
        if let given { context.logger[metadataKey: JSONLogHandler.requestIdKey] = .string(given) }
        let id =
            given ?? context.logger[metadataKey: JSONLogHandler.requestIdKey]?.description
            ?? UUIDText.format(UUIDText.random())
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try errorBodies.response(for: error, to: request, context: context)
        }
        response.headers[.xRequestId] = id
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "NotFound"
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible((elapsed / .microseconds(10)).rounded() / 100),
                // The id as text, so Hummingbird's is not formatted a second time for this line.
                JSONLogHandler.requestIdKey: .string(id),
            ])
        return response
    }

    /// The caller's id when it is 1–64 letters, digits, `-` or `_`, else nil.
    static func acceptable(_ given: String) -> String? {
        (1...64).contains(given.utf8.count) && given.utf8.allSatisfy(isTokenByte) ? given : nil
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "_")
    }
}

extension HTTPField.Name {
    static let xRequestId = Self("X-Request-Id")!
}

extension HTTPFields {
    /// The first value of the field `name`, found by a plain scan: cheaper on the hot path than the
    /// subscript, which builds an index and joins repeated fields.
    func first(_ name: HTTPField.Name) -> String? {
        first { $0.name == name }?.value
    }
}
