import EventSourcing
import EventStorePostgres
import EventStoreSQLite
import Foundation
import Logging
import Testing

/// The EventStore implementations the conformance suite runs against: SQLite always, PostgreSQL
/// when `AUTOINDEX_TEST_POSTGRES_URL` names a database (`.ci/run` starts one and sets it).
enum EventStoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static var allCases: [EventStoreBackend] { PostgresTestDatabase.isConfigured ? [.sqlite, .postgres] : [.sqlite] }

    var testDescription: String { rawValue }

    /// A fresh, empty store and a cleanup action.
    func makeStore(clock: WallClock = SteppingClock().wallClock) async throws -> (
        any EventStore, cleanup: @Sendable () -> Void
    ) {
        switch self {
        case .sqlite:
            let scratch = try ScratchDirectory()
            let store = try SQLiteEventStore(path: scratch.path("log.sqlite"), options: .init(clock: clock))
            return (store, { scratch.remove() })
        case .postgres:
            let store = try await PostgresTestDatabase.makeStore(clock: clock)
            return (store, { store.close() })
        }
    }
}

/// The PostgreSQL database the tests use, from the environment `.ci/postgres` prints: the schema
/// owner's URL (`AUTOINDEX_TEST_POSTGRES_URL`) and the service role's (`AUTOINDEX_TEST_POSTGRES_APP_URL`).
/// Each test gets a schema of its own.
enum PostgresTestDatabase {
    static var ownerURL: String? { ProcessInfo.processInfo.environment["AUTOINDEX_TEST_POSTGRES_URL"] }
    static var appURL: String? { ProcessInfo.processInfo.environment["AUTOINDEX_TEST_POSTGRES_APP_URL"] }
    static var isConfigured: Bool { !(ownerURL ?? "").isEmpty }
    /// Set by `.ci/run`: a run without PostgreSQL fails instead of skipping its tests.
    static var isRequired: Bool { ProcessInfo.processInfo.environment["AUTOINDEX_REQUIRE_POSTGRES"] == "1" }

    static let quiet = Logger(label: "test.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// The owner's location with a new, unused schema name.
    static func freshLocation() throws -> PostgresLocation {
        let url = try #require(ownerURL, "AUTOINDEX_TEST_POSTGRES_URL is not set")
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        var location = try PostgresLocation(url: url).with(schema: "t_\(suffix)")
        // The whole suite runs at once on two cores: give a busy database time before "unavailable".
        location.timeout = .seconds(60)
        return location
    }

    /// The URL of `location`'s schema, for a process: the owner's, or with `asService` the service role's.
    static func url(_ location: PostgresLocation, asService: Bool = false) throws -> String {
        let base = try #require(asService ? appURL : ownerURL, "the PostgreSQL test URLs are not set")
        return base + (base.contains("?") ? "&" : "?") + "schema=\(location.schema)&timeout=60"
    }

    /// A migrated, empty log in a schema of its own, opened as the owner.
    static func makeStore(clock: WallClock = .system, location: PostgresLocation? = nil) async throws
        -> PostgresEventStore
    {
        try await PostgresEventStore.open(
            location ?? freshLocation(), options: .init(clock: clock, migrate: true), logger: quiet)
    }
}

@Suite("PostgreSQL test database")
struct PostgresTestDatabaseTests {
    @Test("CI configures a PostgreSQL database, so its tests run rather than skip")
    func configuredWhenRequired() async throws {
        guard PostgresTestDatabase.isRequired || PostgresTestDatabase.isConfigured else { return }
        #expect(
            PostgresTestDatabase.isConfigured, "AUTOINDEX_REQUIRE_POSTGRES=1 but AUTOINDEX_TEST_POSTGRES_URL is unset")
        let store = try await PostgresTestDatabase.makeStore()
        defer { store.close() }
        #expect(try await store.headPosition() == 0)
        #expect(EventStoreBackend.allCases == [.sqlite, .postgres])
    }
}
