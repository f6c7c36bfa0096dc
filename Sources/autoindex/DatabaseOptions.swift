import ArgumentParser
import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import Projections

/// Where the log lives: `--database PATH`, else `DATABASE_URL`, else `./autoindex.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite file of the log (default: DATABASE_URL, else ./autoindex.sqlite).")
    var database: String?

    /// The resolved file path.
    func path(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let database { return database }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return try Self.path(fromDatabaseURL: url) }
        return "autoindex.sqlite"
    }

    /// Turns `DATABASE_URL` into a file path: `sqlite:///relative.db`, `sqlite:////abs/path.db`
    /// (SQLAlchemy's convention, as in the original service) or a plain path.
    /// - Throws: a validation error for another scheme, such as `postgresql://`.
    static func path(fromDatabaseURL url: String) throws -> String {
        if url.hasPrefix("sqlite:///") { return String(url.dropFirst("sqlite:///".count)) }
        if url.hasPrefix("sqlite://") {
            throw ValidationError(
                "DATABASE_URL \(url) lacks a path: use sqlite:///relative.db or sqlite:////absolute.db")
        }
        if url.contains("://") {
            let scheme = url.prefix { $0 != ":" }
            throw ValidationError(
                "DATABASE_URL scheme \(scheme) is not supported yet; use sqlite:///path or a file path")
        }
        return url
    }

    /// Opens the log with the catalog's upcasters.
    func openStore() throws -> SQLiteEventStore {
        try SQLiteEventStore(path: path(), options: .init(upcasters: EventCatalog.upcasters))
    }

    /// A runner over every shipped projector, on the log's own database.
    func projectionRunner() throws -> ProjectionRunner {
        let store = try openStore()
        return ProjectionRunner(store: store, database: store.database)
    }
}
