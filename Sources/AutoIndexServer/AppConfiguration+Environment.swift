import AlpacaBroker
import AsyncHTTPClient
import AutoIndexDomain
import Foundation
import Logging
import MarketData

extension AppConfiguration {
    /// The configuration from the environment, with the original service's names:
    /// - `SECRET_KEY` (at least 32 bytes). Required when `DATABASE_URL` is set; in the demo (no
    ///   `DATABASE_URL`) a key is generated once and kept beside the database, with a warning.
    /// - `ACCESS_TOKEN_EXPIRE_MINUTES` (1440), `SESSION_MAX_AGE_MINUTES` (10080), `BCRYPT_COST` (12),
    ///   `ADMIN_EMAILS` (comma separated).
    /// - `TWELVEDATA_API_KEY` (refreshes off without it), `TWELVEDATA_PLAN` (`basic`, for its credit
    ///   limits), `TWELVEDATA_BASE_URL` (TwelveData's own), `REFRESH_INTERVAL_HOURS` (24; 0 turns the
    ///   scheduler off).
    /// - `ALPACA_API_KEY_ID` and `ALPACA_API_SECRET_KEY` (the alpaca broker off without them),
    ///   `ALPACA_BASE_URL` (Alpaca's paper endpoint).
    /// - `IDLE_TIMEOUT_SECONDS` (60), `REQUEST_HEAD_TIMEOUT_SECONDS` (10), `REQUEST_BODY_TIMEOUT_SECONDS`
    ///   (30), `MAX_CONNECTIONS` (the open-file limit less a tenth, at least 256, kept for the rest).
    /// - Throws: `ConfigurationError` naming the variable and what is wrong with it.
    public static func fromEnvironment(
        _ environment: [String: String], database: LogLocation, host: String, port: Int, importsBundledData: Bool,
        logger: Logger
    ) throws -> AppConfiguration {
        func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw ConfigurationError(
                    "\(name) \"\(text)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        let secret: String
        if let key = environment["SECRET_KEY"], !key.isEmpty {
            secret = key
        } else if environment["DATABASE_URL"] != nil {
            throw ConfigurationError(
                "SECRET_KEY is required when DATABASE_URL is set (generate one with: openssl rand -base64 48)")
        } else {
            secret = try DemoSecret.loadOrCreate(besideDatabase: database.localFile, logger: logger)
        }
        var admins: Set<String> = []
        for entry in (environment["ADMIN_EMAILS"] ?? "").split(separator: ",") where !entry.allSatisfy(\.isWhitespace) {
            do { admins.insert(try EmailAddress(String(entry)).text) } catch {
                throw ConfigurationError("ADMIN_EMAILS: \(error)")
            }
        }
        let minutes = try integer("ACCESS_TOKEN_EXPIRE_MINUTES", default: 1440, range: 1...525_600)
        let session = try integer("SESSION_MAX_AGE_MINUTES", default: max(10_080, minutes), range: minutes...5_256_000)
        let auth: AuthSettings
        do {
            auth = try AuthSettings(
                secretKey: secret, tokenLifetime: .seconds(minutes * 60), maxSessionAge: .seconds(session * 60),
                bcryptCost: UInt8(try integer("BCRYPT_COST", default: 12, range: 4...31)), adminEmails: admins)
        } catch {
            throw ConfigurationError("\(error)")
        }
        var twelveData = TwelveDataConfiguration.fromEnvironment(environment)
        if let name = environment["TWELVEDATA_PLAN"], !name.isEmpty {
            guard let plan = TwelveDataPlan.named[name] else {
                throw ConfigurationError(
                    "TWELVEDATA_PLAN \"\(name)\" is not one of \(TwelveDataPlan.named.keys.sorted().joined(separator: ", "))"
                )
            }
            twelveData?.plan = plan
        }
        if let address = environment["TWELVEDATA_BASE_URL"], !address.isEmpty {
            guard let url = URL(string: address), ["http", "https"].contains(url.scheme), url.host != nil else {
                throw ConfigurationError("TWELVEDATA_BASE_URL \"\(address)\" is not an http(s) address")
            }
            twelveData?.baseURL = address
        }
        let provider = twelveData.map { MarketDataClient.twelveData($0, httpClient: .shared) }
        let hours = try integer("REFRESH_INTERVAL_HOURS", default: 24, range: 0...8760)
        let fileLimit = ConnectionLimits.openFileLimit()
        let connections = ConnectionLimits(
            idleTimeout: .seconds(try integer("IDLE_TIMEOUT_SECONDS", default: 60, range: 1...86_400)),
            requestHeadTimeout: .seconds(try integer("REQUEST_HEAD_TIMEOUT_SECONDS", default: 10, range: 1...3_600)),
            requestBodyTimeout: .seconds(try integer("REQUEST_BODY_TIMEOUT_SECONDS", default: 30, range: 1...3_600)),
            maxConnections: try integer(
                "MAX_CONNECTIONS", default: ConnectionLimits.defaultMaxConnections(fileLimit: fileLimit),
                range: 1...max(1, fileLimit - 64)))
        var configuration = AppConfiguration(
            host: host, port: port, database: database, importsBundledData: importsBundledData, auth: auth,
            marketData: provider, refreshInterval: hours == 0 ? nil : .seconds(hours * 3600),
            brokers: AlpacaConfiguration(environment: environment).map {
                [Broker.alpaca($0, logger: Logger(label: "autoindex.alpaca"))]
            } ?? [])
        configuration.connections = connections
        return configuration
    }
}

/// A configuration value that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The demo's signing key: generated once, kept beside the database (mode 0600), reused after.
enum DemoSecret {
    static func loadOrCreate(besideDatabase databasePath: String, logger: Logger) throws -> String {
        let path = databasePath + ".secret-key"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), existing.utf8.count >= AuthSettings.minimumSecretLength
        {
            logger.warning("SECRET_KEY is not set: using the demo key kept in \(path); set SECRET_KEY in production")
            return existing
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = Data(bytes).base64EncodedString()
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw ConfigurationError("cannot write the demo key to \(path)") }
        logger.warning("SECRET_KEY is not set: generated a demo key into \(path); set SECRET_KEY in production")
        return key
    }
}
