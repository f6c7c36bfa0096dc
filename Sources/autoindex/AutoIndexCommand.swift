import ArgumentParser

/// The `autoindex` command line.
@main
struct AutoIndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autoindex",
        abstract: "AutoIndex: an event-sourced automated investment index service.",
        subcommands: [
            AuditCommand.self, BacktestCommand.self, EventsCommand.self, ImportCommand.self, IndexCommand.self,
            PortfolioCommand.self, ProjectionsCommand.self,
            MigrateCommand.self, MigrateSchemaCommand.self, RefreshCommand.self, ReplayCommand.self, ServeCommand.self,
            SimulateCommand.self, VerifyCommand.self,
            WeightsCommand.self, BenchCommand.self, DebugCommand.self,
        ]
    )
}
