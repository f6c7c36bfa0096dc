import EventStorePostgres
import Foundation

/// Where the log lives, from `--database` or `DATABASE_URL`: a SQLite file (the embedded default,
/// read models in the same file) or a PostgreSQL database shared by several instances (each keeping
/// its read models in a local SQLite file of its own).
public enum LogLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation, readModels: String)

    /// The read-models file an instance on PostgreSQL uses when none is named.
    public static let defaultReadModels = "autoindex-read-models.sqlite"

    /// Parses `sqlite:///relative.db`, `sqlite:////absolute.db` (SQLAlchemy's convention, as in the
    /// original service), `postgresql://…` or `postgres://…`, or a plain file path.
    /// - Parameter readModels: the local read-models file for PostgreSQL (``defaultReadModels`` if nil).
    /// - Throws: `ConfigurationError` naming what is wrong; never with the password in it.
    public init(_ text: String, readModels: String? = nil) throws {
        if PostgresLocation.isPostgresURL(text) {
            do {
                self = .postgres(try PostgresLocation(url: text), readModels: readModels ?? Self.defaultReadModels)
            } catch {
                throw ConfigurationError("DATABASE_URL \(PostgresLocation.redacting(text)): \(error)")
            }
            return
        }
        if text.hasPrefix("sqlite:///") {
            self = .sqlite(path: String(text.dropFirst("sqlite:///".count)))
            return
        }
        if text.hasPrefix("sqlite://") {
            throw ConfigurationError(
                "DATABASE_URL \(text) lacks a path: use sqlite:///relative.db or sqlite:////absolute.db")
        }
        if text.contains("://") {
            let scheme = text.prefix { $0 != ":" }
            throw ConfigurationError(
                "DATABASE_URL scheme \(scheme) is not supported; use sqlite:///path, postgresql://… or a file path")
        }
        self = .sqlite(path: text)
    }

    /// The local SQLite file: the log itself, or on PostgreSQL this instance's read models. The demo
    /// signing key is kept beside it.
    public var localFile: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(_, let readModels): readModels
        }
    }

    public var isPostgres: Bool {
        if case .postgres = self { true } else { false }
    }

    /// For logs and messages: the file, or the database without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite file \(path)"
        case .postgres(let location, let readModels): "PostgreSQL \(location.redacted), read models in \(readModels)"
        }
    }
}
