import ArgumentParser
import AutoIndexDomain
import Foundation
import IndexService

/// `autoindex index …`: run the index policy over the log.
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Value and rebalance the index from the market data in the log.",
        subcommands: [Update.self]
    )

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append a value for every complete trading day and each rebalance that is due.")

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "Also rebalance now, at the last valued close (a manual rebalance).")
        var rebalance = false

        @Option(help: "Why the manual rebalance is made; recorded in RebalanceRequested.")
        var reason: String?

        func run() async throws {
            let updater = IndexUpdater(store: try database.openStore(), actor: rebalance ? "cli" : "system")
            do {
                let summary = try await updater.update(request: rebalance ? .manual(reason: reason) : nil)
                try printJSONLine(summary)
            } catch let error as IndexPolicyError {
                throw ValidationError(error.description)
            }
        }
    }
}
