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

    public init(_ status: HTTPResponse.Status, type: String, detail: String) {
        self.status = status
        self.type = type
        self.detail = detail
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(Body(detail: detail, statusCode: status.code, type: type))
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A route or resource that does not exist.
    public static func notFound(_ detail: String) -> APIError { APIError(.notFound, type: "not_found", detail: detail) }

    /// A request whose values fail validation; `detail` names each field.
    public static func validation(_ detail: String) -> APIError {
        APIError(.unprocessableContent, type: "validation_error", detail: detail)
    }
}
