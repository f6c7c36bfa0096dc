import ArgumentParser
import AutoIndexServer
import Benchmarks
import Foundation

/// `autoindex debug …`: tools for the crash-safety tests; hidden from help.
struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Tools for testing the log's crash safety.",
        shouldDisplay: false,
        subcommands: [AppendLoopCommand.self, AppendContentionCommand.self, FloorCommand.self]
    )

    /// Appends forever, printing `appended <position>` once each append is acknowledged, while the
    /// projection runner follows the log. The crash test kills it with SIGKILL mid-flight.
    struct AppendLoopCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "append-loop")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Stop after this many appends (default: never).")
        var count: Int = 1_000_000_000

        func run() async throws {
            let log = try await database.openLog(.create)
            defer { log.close() }
            try await AppendLoop(store: log.store, readModels: try log.readModels()).run(count: count) { position in
                // Unbuffered, so the parent sees each acknowledgement before a SIGKILL.
                FileHandle.standardOutput.write(Data("appended \(position)\n".utf8))
            }
        }
    }

    /// Runs many callers appending at once (own, shared, idempotent and racing appends) and prints
    /// what they got as one JSON line: one of the processes of the multi-process test.
    struct AppendContentionCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "append-contention")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Names this process's own streams.")
        var process: String

        @Option(help: "Concurrent callers.")
        var callers = 16

        @Option(help: "Appends per caller.")
        var appends = 100

        func run() async throws {
            let log = try await database.openLog(.create)
            defer { log.close() }
            let outcome = try await AppendContention(store: log.store, process: process).run(
                callers: callers, appends: appends)
            try printJSONLine(outcome)
        }
    }

    /// Hummingbird alone, answering `/bytes/{n}`: the floor `autoindex bench http` measures against.
    struct FloorCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "floor")

        @Option(help: "The port to listen on (127.0.0.1).")
        var port: Int

        func run() async throws {
            try await FloorServer.build(port: port).runService()
        }
    }
}
