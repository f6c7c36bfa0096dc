import EventSourcing
import EventStorePostgres
import EventStoreSQLite
import Foundation
import GRDB
import Logging
import Synchronization

/// An open log and the local database its read models live in, as `serve` and the CLI use them.
public struct EventLog: Sendable {
    public let location: LogLocation
    public let store: any EventStore
    private let readModelsFile: ReadModelsFile
    /// The SQLite store, when that is the backend (the benchmarks and the crash loop use it).
    public let sqlite: SQLiteEventStore?
    /// The PostgreSQL store, when that is the backend (leases, `migrate`).
    public let postgres: PostgresEventStore?

    /// Opens the log with the catalog's upcasters.
    /// - Parameter access: on SQLite, whether a missing file is created (`serve`, imports, index
    ///   updates), or the log must exist (the commands that only read it open it read-only).
    /// - Throws: `ConfigurationError` for a schema that needs migrating, `SQLiteLogUnavailable` for
    ///   a missing file or one that is not a log, store errors otherwise.
    public static func open(
        _ location: LogLocation, upcasters: Upcasters, logger: Logger = Logger(label: "autoindex.log"),
        access: SQLiteEventStore.Access = .create
    ) async throws -> EventLog {
        switch location {
        case .sqlite(let path):
            let store = try SQLiteEventStore(path: path, options: .init(upcasters: upcasters, access: access))
            return EventLog(
                location: location, store: store, readModelsFile: ReadModelsFile(store.database), sqlite: store,
                postgres: nil)
        case .postgres(let postgres, let readModelsPath):
            let store: PostgresEventStore
            do {
                store = try await PostgresEventStore.open(
                    postgres, options: .init(upcasters: upcasters), logger: logger)
            } catch let error as PostgresSchemaError {
                throw ConfigurationError(error.description)
            } catch let error as PostgresOpenError {
                throw ConfigurationError(error.description)
            }
            return EventLog(
                location: location, store: store, readModelsFile: ReadModelsFile(path: readModelsPath), sqlite: nil,
                postgres: store)
        }
    }

    /// Where the read models and their checkpoints live: the log's own file on SQLite, this
    /// instance's file on PostgreSQL, opened (and created) on first use, so commands that only read
    /// the log leave no file behind.
    public func readModels() throws -> DatabasePool {
        try readModelsFile.pool()
    }

    /// Closes the PostgreSQL connections (nothing to do for SQLite).
    public func close() {
        postgres?.close()
    }
}

/// The read-models database, opened on first use.
private final class ReadModelsFile: Sendable {
    private let path: String
    private let opened: Mutex<DatabasePool?>

    init(path: String) {
        self.path = path
        self.opened = Mutex(nil)
    }

    init(_ pool: DatabasePool) {
        self.path = pool.path
        self.opened = Mutex(pool)
    }

    func pool() throws -> DatabasePool {
        try opened.withLock { pool in
            if let pool { return pool }
            let new = try DatabasePool(path: path)
            pool = new
            return new
        }
    }
}
