import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL log lives and how to reach it, read from a `DATABASE_URL` such as
/// `postgresql://user:password@host:5432/db?sslmode=require`.
///
/// Besides libpq's `sslmode` (`disable`, `allow`, `prefer`, `require`, `verify-ca`, `verify-full`;
/// `prefer` by default) and `host=/socket/dir` for a Unix socket, the query may name `schema` (where
/// the log's tables are, `public` by default), `pool_size` (the most connections this process
/// opens, 10 by default) and `timeout` (seconds an operation may wait for the database before it
/// fails as unavailable, 10 by default).
public struct PostgresLocation: Sendable, Hashable {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    /// A directory holding the server's Unix socket, used instead of `host` when set.
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// The schema holding the log's tables.
    public var schema: String
    /// The most connections this process keeps to the database.
    public var poolSize: Int
    /// How long an operation may wait for the database before it fails as unavailable.
    public var timeout: Duration

    /// Whether `url` names a PostgreSQL database (`postgresql://` or `postgres://`).
    public static func isPostgresURL(_ url: String) -> Bool {
        url.hasPrefix("postgresql://") || url.hasPrefix("postgres://")
    }

    /// Parses a `postgresql://` or `postgres://` URL.
    /// - Throws: ``PostgresLocationError`` naming what is wrong; the message never holds the password.
    public init(url: String) throws {
        guard Self.isPostgresURL(url), let components = URLComponents(string: url) else {
            throw PostgresLocationError(
                "expected postgresql://user:password@host:port/database, got \(Self.redacting(url))")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let known: Set = ["sslmode", "host", "port", "schema", "pool_size", "timeout", "user", "password"]
        if let unknown = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw PostgresLocationError(
                "unknown parameter \(unknown) in the database URL (known: \(known.sorted().joined(separator: ", ")))")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw PostgresLocationError("the database URL names no database") }
        guard let username = components.user.map({ $0.removingPercentEncoding ?? $0 }) ?? query["user"],
            !username.isEmpty
        else { throw PostgresLocationError("the database URL names no user") }
        self.username = username
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? query["password"]
        self.database = database.removingPercentEncoding ?? database
        self.host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        self.port = components.port ?? 5432
        if let socket = query["host"], socket.hasPrefix("/") { self.socketDirectory = socket }
        if let port = query["port"] {
            guard let value = Int(port), (1...65535).contains(value) else {
                throw PostgresLocationError("port \(port) in the database URL is not a port number")
            }
            self.port = value
        }
        let mode = query["sslmode"] ?? "prefer"
        guard let sslMode = SSLMode(rawValue: mode) else {
            throw PostgresLocationError(
                "sslmode \(mode) is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.sslMode = sslMode
        let schema = query["schema"] ?? "public"
        guard Self.isPlainIdentifier(schema) else {
            throw PostgresLocationError("schema \(schema) must be a lowercase identifier (letters, digits, _)")
        }
        self.schema = schema
        let pool = query["pool_size"] ?? "10"
        guard let poolSize = Int(pool), (2...500).contains(poolSize) else {
            throw PostgresLocationError("pool_size \(pool) must be a whole number from 2 to 500")
        }
        self.poolSize = poolSize
        let seconds = query["timeout"] ?? "10"
        guard let timeout = Double(seconds), timeout > 0, timeout <= 600 else {
            throw PostgresLocationError("timeout \(seconds) must be a number of seconds above 0 and at most 600")
        }
        self.timeout = .milliseconds(Int64(timeout * 1000))
    }

    /// The location with another schema (tests give each store one of its own).
    public func with(schema: String) -> PostgresLocation {
        var copy = self
        copy.schema = schema
        return copy
    }

    /// The location as a URL without the password, for logs and messages.
    public var redacted: String {
        let place = socketDirectory.map { "?host=\($0)" } ?? ""
        return
            "postgresql://\(username)@\(host):\(port)/\(database)\(place) (schema \(schema), sslmode \(sslMode.rawValue))"
    }

    /// A `postgres://` URL with its password replaced by `***`.
    public static func redacting(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "a malformed URL" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "a malformed URL"
    }

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (97...122).contains(first),
            name.utf8.count <= 63
        else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (97...122).contains($0) || (48...57).contains($0) }
    }

    /// The postgres-nio client configuration for this location.
    func clientConfiguration() -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password,
                database: database)
        } else {
            configuration = .init(
                host: host, port: port, username: username, password: password, database: database,
                tls: {
                    switch tlsMode() {
                    case .disable: .disable
                    case .prefer(let tls): .prefer(tls)
                    case .require(let tls): .require(tls)
                    }
                }())
        }
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = timeout
        configuration.options.keepAliveBehavior = .init(frequency: .seconds(15))
        configuration.options.additionalStartupParameters = [("application_name", "autoindex")]
        return configuration
    }

    /// A configuration for one connection of its own, outside the pool: `open` probes with it, so a
    /// wrong host, port or password fails at once with the server's or the network's reason.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: username, password: password,
                database: database)
        } else {
            let connectionTLS: PostgresConnection.Configuration.TLS
            switch tlsMode() {
            case .disable: connectionTLS = .disable
            case .prefer(let tls): connectionTLS = .prefer(try NIOSSLContext(configuration: tls))
            case .require(let tls): connectionTLS = .require(try NIOSSLContext(configuration: tls))
            }
            configuration = .init(
                host: host, port: port, username: username, password: password, database: database, tls: connectionTLS)
        }
        configuration.options.connectTimeout = .milliseconds(timeout.components.seconds * 1000)
        return configuration
    }

    private enum TLSMode {
        case disable
        case prefer(TLSConfiguration)
        case require(TLSConfiguration)
    }

    /// libpq's `sslmode` as postgres-nio's choices: `allow` and `prefer` try TLS without checking
    /// the certificate, `require` insists on TLS without checking it, `verify-ca` checks the chain,
    /// `verify-full` the chain and the host name.
    private func tlsMode() -> TLSMode {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable:
            return .disable
        case .allow, .prefer:
            tls.certificateVerification = .none
            return .prefer(tls)
        case .require:
            tls.certificateVerification = .none
            return .require(tls)
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return .require(tls)
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return .require(tls)
        }
    }
}

/// A database URL that cannot be used.
public struct PostgresLocationError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
