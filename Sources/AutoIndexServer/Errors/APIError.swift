import Foundation
import Hummingbird

/// An error answered with AutoIndex's JSON error body:
/// `{"detail": "…", "status_code": N, "type": "snake_case_code"}` as `application/json`.
public struct APIError: Error, Sendable, Hashable, HTTPResponseError {
    public var status: HTTPResponse.Status
    /// A stable snake_case code clients can switch on, e.g. `not_found`, `validation_error`.
    public var type: String
    /// A sentence for people.
    public var detail: String
    /// Extra headers, e.g. `Retry-After` or `WWW-Authenticate`.
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, type: String, detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.type = type
        self.detail = detail
        self.headers = headers
    }

    /// The JSON body.
    public struct Body: Codable, Sendable, Hashable {
        public var detail: String
        public var statusCode: Int
        public var type: String

        enum CodingKeys: String, CodingKey {
            case detail
            case statusCode = "status_code"
            case type
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try encodedBody()
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The JSON body's bytes: keys sorted, slashes as they are.
    func encodedBody() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Body(detail: detail, statusCode: status.code, type: type))
    }

    /// A route or resource that does not exist.
    public static func notFound(_ detail: String) -> APIError { APIError(.notFound, type: "not_found", detail: detail) }

    /// A missing, malformed, forged or expired token (with `WWW-Authenticate: Bearer`).
    public static func unauthorized(_ type: String, _ detail: String) -> APIError {
        APIError(.unauthorized, type: type, detail: detail, headers: [.wwwAuthenticate: "Bearer"])
    }

    /// A command that needs the market-data provider when none is configured.
    public static let marketDataUnavailable = APIError(
        .serviceUnavailable, type: "market_data_unavailable",
        detail: "no market-data provider: set TWELVEDATA_API_KEY to refresh")

    /// A write that lost a race or contradicts the log.
    public static func conflict(_ detail: String) -> APIError { APIError(.conflict, type: "conflict", detail: detail) }

    /// A request whose values fail validation; `detail` names each field.
    public static func validation(_ detail: String) -> APIError {
        APIError(.unprocessableContent, type: "validation_error", detail: detail)
    }
}
