import Foundation
import Hummingbird

extension Request {
    /// The body decoded as JSON. A `DecodingError` reaches the error middleware untouched, so bad JSON is
    /// a 400 and a field of the wrong type a 422 naming it.
    /// - Throws: `APIError` 413 for a body over `maxSize`; `DecodingError` for a body that does not fit.
    func decodeJSON<Body: Decodable>(_: Body.Type, maxSize: Int = 1_048_576) async throws -> Body {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: maxSize)
        } catch {
            throw APIError(.contentTooLarge, type: "body_too_large", detail: "the body is larger than \(maxSize) bytes")
        }
        return try JSONDecoder().decode(Body.self, from: Data(buffer: buffer))
    }
}
