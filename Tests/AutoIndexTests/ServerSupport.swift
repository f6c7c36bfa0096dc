import AutoIndexServer
import EventStoreSQLite
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IndexService
import MarketData
import Synchronization
import Testing

/// Settings and client helpers for the HTTP tests: a fixed secret, a low bcrypt cost, one admin email.
enum TestServer {
    static let secret = "test-secret-that-is-long-enough-for-hs256"
    static let admin = "admin@example.com"
    static let password = "Correct-Horse-9"

    static func auth(now: @escaping @Sendable () -> Date = Date.init, tokenMinutes: Int = 60) throws -> AuthSettings {
        try AuthSettings(
            secretKey: secret, tokenLifetime: .seconds(tokenMinutes * 60), maxSessionAge: .seconds(3 * 3600),
            bcryptCost: 4, adminEmails: [admin], now: now)
    }

    static func configuration(
        _ path: String, auth: AuthSettings? = nil, marketData: MarketDataClient? = nil
    ) throws -> AppConfiguration {
        AppConfiguration(
            host: "127.0.0.1", port: 0, database: .sqlite(path: path), importsBundledData: false,
            auth: try auth ?? Self.auth(),
            marketData: marketData, readYourWritesTimeout: .seconds(5))
    }

    /// A log holding the synthetic market (AAPL, KO, SPX over 300 weekdays) and its computed index,
    /// with the read models caught up.
    static func seeded(_ scratch: ScratchDirectory, marketData: MarketDataClient? = nil) async throws
        -> AppConfiguration
    {
        let path = scratch.path("log.sqlite")
        let store = try SQLiteEventStore(path: path)
        let file = URL(fileURLWithPath: scratch.path("prices.csv"))
        try SyntheticPrices.file().write(to: file, atomically: true, encoding: .utf8)
        _ = try await MarketDataImporter(store: store).importPriceFile(at: file)
        _ = try await IndexUpdater(store: store).update()
        let runner = store.projectionRunner()
        try await runner.prepare()
        try await runner.catchUp()
        return try configuration(path, marketData: marketData)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
    }
}

extension TestClientProtocol {
    /// Registers `email` and answers its access token.
    func register(_ email: String, password: String = TestServer.password) async throws -> String {
        let response = try await send(
            .post, "/api/v1/auth/register", json: #"{"email": "\#(email)", "password": "\#(password)"}"#)
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return try #require(try TestServer.json(response)["access_token"] as? String)
    }

    /// A request with an optional bearer token and JSON body.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json body: String? = nil,
        headers extra: [String: String] = [:]
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        for (name, value) in extra { if let field = HTTPField.Name(name) { headers[field] = value } }
        if let token { headers[.authorization] = "Bearer \(token)" }
        if body != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// `GET uri` with a bearer token.
    func get(_ uri: String, token: String?) async throws -> TestResponse {
        try await send(.get, uri, token: token)
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(minutes: Double) {
        current.withLock { $0 = $0.addingTimeInterval(minutes * 60) }
    }

    var reading: @Sendable () -> Date { { self.now } }
}
