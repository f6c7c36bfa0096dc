import Foundation
import Hummingbird

/// `GET /openapi.json` (OpenAPI 3.1, describing exactly the routes served), `/docs` (Swagger UI) and
/// `/redoc`, from the files bundled with the server.
struct DocsController {
    let openAPI: ByteBuffer
    let swaggerUI: ByteBuffer
    let redoc: ByteBuffer

    /// Loads the bundled documents.
    /// - Throws: when a resource is missing from the build.
    init() throws {
        func resource(_ name: String, _ ext: String) throws -> ByteBuffer {
            guard let url = Bundle.module.url(forResource: name, withExtension: ext) else {
                throw ConfigurationError("the build lacks the resource \(name).\(ext)")
            }
            return ByteBuffer(bytes: try Data(contentsOf: url))
        }
        openAPI = try resource("openapi", "json")
        swaggerUI = try resource("docs", "html")
        redoc = try resource("redoc", "html")
    }

    func addRoutes(to api: APIRouter) {
        api.get("/openapi.json", access: .anyone) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: openAPI))
        }
        api.get("/docs", access: .anyone) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: swaggerUI))
        }
        api.get("/redoc", access: .anyone) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: redoc))
        }
    }
}
