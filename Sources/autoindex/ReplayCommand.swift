import ArgumentParser
import AutoIndexDomain
import Foundation
import IndexService

/// `autoindex replay`: what-if over the recorded history.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract:
            "Run another strategy configuration over the recorded prices and compare it with the actual index; nothing is appended.",
        discussion: """
            --config takes a JSON object with any fields of the strategy configuration (the others keep the \
            values in force), e.g. '{"rebalance_frequency": "weekly", "max_weight": 0.2}'. Prints the alternative \
            and the actual index side by side: values rebased to 100 on the first common day, rebalances, and \
            risk metrics.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Configuration fields to change, as a JSON object (default: none, the configuration in force).")
    var config = "{}"

    @Option(help: "First date, YYYY-MM-DD (default: the first day both indexes have).")
    var start: String?

    @Option(help: "Last date, YYYY-MM-DD (default: the last day both indexes have).")
    var end: String?

    func run() async throws {
        let patch: StrategyConfigPatch
        do {
            patch = try JSONDecoder().decode(StrategyConfigPatch.self, from: Data(config.utf8))
        } catch {
            throw ValidationError("--config is not a JSON object of configuration fields: \(error)")
        }
        let log = try await database.openLog()
        defer { log.close() }
        let store = log.store
        do {
            try printJSONLine(try await IndexDesk(store: store).whatIf(patch, start: start, end: end))
        } catch let error as StrategyConfigError {
            throw ValidationError(error.within("--config").description)
        } catch let error as StrategyReplay.Failure {
            throw ValidationError(error.description)
        }
    }
}
