import ArgumentParser
import Foundation
import Projections

/// `autoindex verify replay`: prove the read models are what the log says.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove the read models are exactly what the log says.",
        subcommands: [Replay.self])

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Rebuild every read model into a scratch database and compare it, table by table, with the live one; exit 1 at the first difference."
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let log = try await database.openLog()
            defer { log.close() }
            let store = log.store
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                "autoindex-replay-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let report = try await ReplayVerification(
                projectors: ShippedProjectors.all, store: store, live: try log.readModels()
            ).run(scratchPath: scratch.appendingPathComponent("replay.sqlite").path)
            try printJSONLine(report)
            if let difference = report.firstDifference {
                printError(
                    "\(difference.table): \(difference.detail)"
                        + (difference.column.map { " in column \($0) of row \(difference.row ?? 0)" } ?? ""))
                throw ExitCode.failure
            }
        }
    }
}
