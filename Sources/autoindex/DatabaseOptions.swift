import ArgumentParser
import AutoIndexDomain
import AutoIndexServer
import EventSourcing
import EventStoreSQLite
import Foundation
import Projections

/// Where the log lives: `--database PATH|URL`, else `DATABASE_URL`, else `./autoindex.sqlite`; on
/// PostgreSQL the read models go to `--read-models PATH` (else `READ_MODELS_PATH`, else
/// `./autoindex-read-models.sqlite`).
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The log: a SQLite file, sqlite:///path or postgresql://… (default: DATABASE_URL, else ./autoindex.sqlite)."
    )
    var database: String?

    @Option(
        name: .long,
        help:
            "With PostgreSQL, this instance's read-models file (default: READ_MODELS_PATH, else ./autoindex-read-models.sqlite)."
    )
    var readModels: String?

    /// The resolved location.
    func location(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LogLocation {
        let text = database ?? environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "autoindex.sqlite"
        let readModels = readModels ?? environment["READ_MODELS_PATH"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            return try LogLocation(text, readModels: readModels)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// The local file: the SQLite log, or the read models beside a PostgreSQL log.
    func path() throws -> String { try location().localFile }

    /// Opens the log with the catalog's upcasters.
    /// - Parameter access: `.create` for the commands that may start a log (import, index update,
    ///   refresh); the others need one that exists, and those that only read it open it read-only.
    /// - Throws: `ExitCode(2)`, with the reason on standard error, when a SQLite log that must exist
    ///   is missing or the file is not a log; `ValidationError` for a bad location.
    func openLog(_ access: SQLiteEventStore.Access = .existing) async throws -> EventLog {
        do {
            return try await EventLog.open(try location(), upcasters: EventCatalog.upcasters, access: access)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        } catch let error as SQLiteLogUnavailable {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

extension EventLog {
    /// A runner over every shipped projector, into this log's read models.
    func projectionRunner() throws -> ProjectionRunner {
        ProjectionRunner(store: store, database: try readModels())
    }
}
