import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One structured log line per request, with a request id (the caller's `X-Request-Id` when it is a
/// short token, else a new UUID) that is also put on every log line of the request and echoed in
/// the response. Only the method, route, path, status and duration are logged: never headers,
/// bodies or query strings, so tokens and passwords cannot reach the log.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        let id = Self.requestId(request.headers[.xRequestId], fallback: context.logger[metadataKey: "hb.request.id"])
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request_id"] = .string(id)
        let started = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.xRequestId] = id
        let elapsed = ContinuousClock.now - started
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "route": .string(context.endpointPath ?? "NotFound"),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible((elapsed / .microseconds(10)).rounded() / 100),
            ])
        return response
    }

    /// The caller's id when it is 1–64 letters, digits, `-` or `_`; else Hummingbird's own request
    /// id, else a new UUID.
    static func requestId(_ given: String?, fallback: Logger.Metadata.Value?) -> String {
        if let given, (1...64).contains(given.utf8.count), given.utf8.allSatisfy(isTokenByte) { return given }
        return fallback?.description ?? UUID().uuidString.lowercased()
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
