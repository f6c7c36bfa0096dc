import AutoIndexDomain
import Foundation
import Hummingbird

/// `GET /openapi.json` (OpenAPI 3.1, describing exactly the routes served), `/docs` (Swagger UI),
/// `/redoc`, the dashboard `/app`, and `/assets/{name}` (their scripts and styles), from the files
/// bundled with the server, so the pages work with no internet. The document's list of event types comes from the
/// event registry, so it names exactly the types the log holds.
struct DocsController {
    let openAPI: ByteBuffer
    let swaggerUI: ByteBuffer
    let redoc: ByteBuffer
    /// The dashboard page; its script and style are assets.
    let dashboard: ByteBuffer
    /// The bundled assets by name, with their content types.
    let assets: [String: (body: ByteBuffer, contentType: String)]

    /// Loads the bundled documents.
    /// - Throws: when a resource is missing from the build.
    init() throws {
        func resource(_ name: String, _ ext: String) throws -> ByteBuffer {
            guard let url = Bundle.module.url(forResource: name, withExtension: ext) else {
                throw ConfigurationError("the build lacks the resource \(name).\(ext)")
            }
            return ByteBuffer(bytes: try Data(contentsOf: url))
        }
        openAPI = ByteBuffer(
            bytes: try Self.document(
                Data(buffer: try resource("openapi", "json")), eventTypes: EventCatalog.registry.typeNames))
        swaggerUI = try resource("docs", "html")
        redoc = try resource("redoc", "html")
        dashboard = try resource("app", "html")
        guard let folder = Bundle.module.url(forResource: "assets", withExtension: nil) else {
            throw ConfigurationError("the build lacks the resource folder assets")
        }
        var assets: [String: (body: ByteBuffer, contentType: String)] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            guard let type = Self.contentTypes[(file as NSString).pathExtension] else { continue }
            assets[file] = (ByteBuffer(bytes: try Data(contentsOf: folder.appendingPathComponent(file))), type)
        }
        self.assets = assets
    }

    static let contentTypes = [
        "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8", "txt": "text/plain; charset=utf-8",
        "svg": "image/svg+xml",
    ]

    /// The dashboard loads and talks to this server only: no inline script, no other origin.
    static let dashboardPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

    /// The bundled document with `components.schemas.EventType.enum` set to `eventTypes`.
    /// - Throws: `ConfigurationError` when the document lacks that schema.
    static func document(_ bundled: Data, eventTypes: [String]) throws -> Data {
        guard var root = try JSONSerialization.jsonObject(with: bundled) as? [String: Any],
            var components = root["components"] as? [String: Any],
            var schemas = components["schemas"] as? [String: Any],
            var eventType = schemas["EventType"] as? [String: Any]
        else { throw ConfigurationError("openapi.json lacks components.schemas.EventType") }
        eventType["enum"] = eventTypes
        schemas["EventType"] = eventType
        components["schemas"] = schemas
        root["components"] = components
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])
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
        api.get("/app", access: .anyone) { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8", .contentSecurityPolicy: Self.dashboardPolicy,
                    .cacheControl: "no-cache",
                ],
                body: .init(byteBuffer: dashboard))
        }
        api.get("/assets/{name}", access: .anyone) { _, context in
            let name = try context.parameters.require("name")
            guard let asset = assets[name] else { throw APIError.notFound("No asset \(name)") }
            // The dashboard's own files change with each release; the bundled libraries only with their version.
            let caching = name.hasPrefix("dashboard.") ? "no-cache" : "public, max-age=86400"
            return Response(
                status: .ok, headers: [.contentType: asset.contentType, .cacheControl: caching],
                body: .init(byteBuffer: asset.body))
        }
    }
}
