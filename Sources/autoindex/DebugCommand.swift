import ArgumentParser
import Benchmarks
import Foundation

/// `autoindex debug …`: tools for the crash-safety tests; hidden from help.
struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Tools for testing the log's crash safety.",
        shouldDisplay: false,
        subcommands: [AppendLoopCommand.self]
    )

    /// Appends forever, printing `appended <position>` once each append is acknowledged, while the
    /// projection runner follows the log. The crash test kills it with SIGKILL mid-flight.
    struct AppendLoopCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "append-loop")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Stop after this many appends (default: never).")
        var count: Int = 1_000_000_000

        func run() async throws {
            try await AppendLoop(store: try database.openStore()).run(count: count) { position in
                // Unbuffered, so the parent sees each acknowledgement before a SIGKILL.
                FileHandle.standardOutput.write(Data("appended \(position)\n".utf8))
            }
        }
    }
}
