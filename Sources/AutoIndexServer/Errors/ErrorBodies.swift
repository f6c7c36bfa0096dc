import Foundation
import Hummingbird
import Logging

/// Turns every error into the JSON error body, on every path: unknown routes (404), wrong methods
/// (405, with `Allow`), malformed JSON (400), a body of the wrong shape (422 naming the field),
/// Hummingbird's HTTP errors, and anything else (500, without internals; the error itself is
/// logged). ``RequestMiddleware`` asks it for the answer to whatever a route throws.
struct ErrorBodies: Sendable {
    typealias Context = AppRequestContext
    let routes: RouteTable

    /// The answer to `error`, thrown while answering `request`.
    func response(for error: any Error, to request: Request, context: Context) throws -> Response {
        if let answer = APIError(domain: error) { return try answer.response(from: request, context: context) }
        switch error {
        case let error as APIError:
            return try error.response(from: request, context: context)
        case let error as HTTPError:
            return try translate(error, request: request, context: context)
        case let error as DecodingError:
            if case .dataCorrupted(let corrupted) = error, corrupted.codingPath.isEmpty {
                return try APIError(.badRequest, type: "malformed_json", detail: "the body is not valid JSON").response(
                    from: request, context: context)
            }
            return try APIError.validation(Self.describe(error)).response(from: request, context: context)
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return try APIError(.internalServerError, type: "internal_error", detail: "internal server error")
                .response(from: request, context: context)
        }
    }

    private func translate(_ error: HTTPError, request: Request, context: Context) throws -> Response {
        switch error.status {
        case .notFound:
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty else {
                return try APIError.notFound("no route for \(request.method.rawValue) \(request.uri.path)").response(
                    from: request, context: context)
            }
            var response = try APIError(
                .methodNotAllowed, type: "method_not_allowed",
                detail:
                    "\(request.method.rawValue) is not allowed on \(request.uri.path); use \(allowed.joined(separator: ", "))"
            ).response(from: request, context: context)
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        default:
            let type = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return try APIError(error.status, type: type, detail: error.body ?? error.status.reasonPhrase).response(
                from: request, context: context)
        }
    }

    /// A malformed body described without echoing its contents.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty: return "the body is not valid JSON"
        case .keyNotFound(let key, let context):
            return "missing field \(Self.path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "field \(Self.path(context.codingPath)) has the wrong type"
        @unknown default: return "the body cannot be read"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
