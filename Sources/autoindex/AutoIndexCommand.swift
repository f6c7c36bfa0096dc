import ArgumentParser

/// The `autoindex` command line.
@main
struct AutoIndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autoindex",
        abstract: "AutoIndex: an event-sourced automated investment index service.",
        subcommands: [
            EventsCommand.self, ImportCommand.self, ProjectionsCommand.self, BenchCommand.self, DebugCommand.self,
        ]
    )
}
