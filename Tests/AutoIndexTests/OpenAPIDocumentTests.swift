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
        "the document lists every served route and method, no more, with security where a token is needed, and the registry's event types; /docs, /redoc and /app load only bundled assets"
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
                    // Admin-only routes answer the shared `Forbidden`; a 403 of its own is for one parameter.
                    let forbidden = (responses["403"] as? [String: Any])?["$ref"] as? String
                    documented["\(method.uppercased()) \(path)"] =
                        security.isEmpty
                        ? .anyone : forbidden == "#/components/responses/Forbidden" ? .admin : .user
                }
            }
            let served = Dictionary(
                routes.all.map { ("\($0.method) \($0.path)", $0.access) }, uniquingKeysWith: { first, _ in first })
            #expect(Set(documented.keys) == Set(served.keys))
            for (route, access) in served { #expect(documented[route] == access, "\(route)") }

            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let eventType = try #require(schemas["EventType"] as? [String: Any])
            #expect(eventType["enum"] as? [String] == EventCatalog.registry.typeNames, "from the event registry")

            // The pages load nothing from elsewhere: every script and style is one the server bundles.
            for (page, minimum) in [("/docs", 3), ("/redoc", 1), ("/app", 3)] {
                let html = try await client.execute(uri: page, method: .get)
                #expect(html.headers[.contentType] == "text/html; charset=utf-8")
                let text = String(buffer: html.body)
                #expect(page == "/app" || text.contains("/openapi.json"))
                #expect(!text.contains("http://") && !text.contains("https://"), "\(page) loads from the internet")
                let assets = text.matches(of: /(?:src|href)="(\/assets\/[^"]+)"/).map { String($0.output.1) }
                #expect(assets.count >= minimum, "\(page): \(assets)")
                for asset in assets {
                    let file = try await client.execute(uri: asset, method: .get)
                    #expect(file.status == .ok && file.body.readableBytes > 200, "\(asset)")
                }
            }
            // The dashboard may talk to this server only.
            let dashboard = try await client.execute(uri: "/app", method: .get)
            let policy = try #require(dashboard.headers[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"))
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
            let script = try await client.execute(uri: "/assets/dashboard.js", method: .get)
            #expect(script.headers[.cacheControl] == "no-cache")
            let code = String(buffer: script.body)
            #expect(code.contains("/api/v1/stream") && !code.contains("innerHTML"))
            #expect(
                code.matches(of: /https?:\/\/[^"'`\s]+/).map { String($0.output) } == ["http://www.w3.org/2000/svg"],
                "the script names no address but the SVG namespace")
        }
    }

    @Test(
        "the strategy configuration's schemas are the field table: names, types, ranges, choices and what is required")
    func strategySchemasMatchTheTable() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try TestServer.configuration(scratch.path("log.sqlite")))
        try await app.test(.live) { client in
            let document = try TestServer.json(try await client.execute(uri: "/openapi.json", method: .get))
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            func schema(_ name: String) throws -> (properties: [String: [String: Any]], required: Set<String>) {
                let object = try #require(schemas[name] as? [String: Any], "\(name)")
                return (
                    try #require(object["properties"] as? [String: [String: Any]], "\(name)"),
                    Set(object["required"] as? [String] ?? [])
                )
            }
            let fields = StrategyField.all.map(\.name)
            let optional = Set(StrategyField.all.filter { $0.kind == .bound }.map(\.name))

            let config = try schema("StrategyConfig")
            #expect(Set(config.properties.keys) == Set(fields))
            #expect(config.required == Set(fields).subtracting(optional))
            let current = try schema("StrategyConfigCurrent")
            #expect(Set(current.properties.keys) == Set(fields + StrategyField.returnedReadOnly))
            #expect(current.required == Set(fields + StrategyField.returnedReadOnly).subtracting(optional))
            let patch = try schema("StrategyConfigPatch")
            #expect(Set(patch.properties.keys) == Set(fields + StrategyField.returnedReadOnly))
            #expect(patch.required.isEmpty)

            for field in StrategyField.all {
                let types = Set(
                    config.properties[field.name]?["type"].map { ($0 as? [String]) ?? [$0 as? String ?? ""] } ?? [])
                let expected: Set<String> =
                    switch field.kind {
                    case .number: ["number"]
                    case .integer: ["integer"]
                    case .text: ["string"]
                    case .bound: ["number", "null"]
                    }
                #expect(types == expected, "\(field.name) in StrategyConfig")
                let names = [field.name] + StrategyField.aliases.filter { $0.value == field.name }.map(\.key)
                for name in names {
                    let property = try #require(patch.properties[name], "\(name)")
                    let patchTypes = Set((property["type"] as? [String]) ?? [])
                    #expect(patchTypes == expected.union(["null"]), "\(name) in StrategyConfigPatch")
                    let minimum = property["minimum"] as? Double
                    let exclusiveMinimum = property["exclusiveMinimum"] as? Double
                    let maximum = property["maximum"] as? Double
                    let choices = (property["enum"] as? [Any])?.compactMap { $0 as? String }
                    switch field.rule {
                    case .within(let range):
                        #expect(minimum == range.lowerBound && maximum == range.upperBound, "\(name)")
                    case .above(let lower, let upper):
                        #expect(exclusiveMinimum == lower && maximum == upper && minimum == nil, "\(name)")
                    case .whole(let range):
                        #expect(minimum == Double(range.lowerBound) && maximum == Double(range.upperBound), "\(name)")
                    case .oneOf(let allowed):
                        #expect(choices == allowed, "\(name)")
                    case .frequency:
                        #expect(minimum == nil && maximum == nil && choices == nil, "\(name)")
                    }
                }
            }
        }
    }
}
