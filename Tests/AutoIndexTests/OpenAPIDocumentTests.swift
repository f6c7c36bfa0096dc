import AutoIndexDomain
import AutoIndexServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/openapi.json` describes exactly the routes served, with their access rules.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    @Test(
        "the document lists every served route and method, no more, with security where a token is needed, and the registry's event types"
    )
    func matchesRoutes() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let routes = RouteTable()
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")), routes: routes)
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.headers[.contentType] == "application/json")
            let document = try TestServer.json(response)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: [String: Access] = [:]
            for (path, operations) in paths {
                for (method, operation) in operations {
                    guard let operation = operation as? [String: Any] else { continue }
                    let security = operation["security"] as? [[String: Any]] ?? []
                    let responses = operation["responses"] as? [String: Any] ?? [:]
                    documented["\(method.uppercased()) \(path)"] =
                        security.isEmpty ? .anyone : responses["403"] != nil ? .admin : .user
                }
            }
            let served = Dictionary(
                routes.all.map { ("\($0.method) \($0.path)", $0.access) }, uniquingKeysWith: { first, _ in first })
            #expect(Set(documented.keys) == Set(served.keys))
            for (route, access) in served { #expect(documented[route] == access, "\(route)") }

            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let eventType = try #require(schemas["EventType"] as? [String: Any])
            #expect(eventType["enum"] as? [String] == EventCatalog.registry.typeNames, "from the event registry")

            for page in ["/docs", "/redoc"] {
                let html = try await client.execute(uri: page, method: .get)
                #expect(html.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: html.body).contains("/openapi.json"))
            }
        }
    }
}
