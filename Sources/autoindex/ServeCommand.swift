import ArgumentParser
import AutoIndexServer
import Foundation
import Hummingbird
import Logging

/// `autoindex serve`: the HTTP API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the HTTP API. On a log without market data, imports the bundled dataset and computes the index first."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port (default: PORT, else 8000).")
    var port: Int?

    @Flag(help: "Do not import the bundled dataset into a log without market data.")
    var noBundled = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let port = port ?? environment["PORT"].map({ Int($0) }) ?? 8000 else {
            throw ValidationError("PORT \(environment["PORT"] ?? "") is not a port number")
        }
        let format = environment["LOG_FORMAT"] ?? (isatty(STDERR_FILENO) == 1 ? "text" : "json")
        if format == "json" { LoggingSystem.bootstrap(JSONLogHandler.init) }
        var logger = Logger(label: "autoindex.server")
        logger.logLevel = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration.fromEnvironment(
                environment, database: try database.location(), host: host, port: port,
                importsBundledData: !noBundled, logger: logger)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        let app = try await buildApplication(configuration, logger: logger)
        defer { JSONLogHandler.flush() }
        try await app.runService()
    }
}
