import ArgumentParser
import EventSourcing
import EventStoreSQLite
import Foundation
import IndexService

/// `autoindex audit`: prove the log is intact and only grew.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the hash chain, export the log with its hashes, and check an export offline.",
        subcommands: [Verify.self, Export.self, Check.self, Rebalances.self, Rebalance.self, Detail.self])

    struct Rebalances: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List every rebalance of the index as JSON lines: id, date, trigger, actor, configuration version.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let log = try await database.openLog()
            defer { log.close() }
            for entry in try await RebalanceAudit(store: log.store).rebalances() {
                try printJSONLine(entry)
            }
        }
    }

    struct Detail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show one rebalance in full: trigger, actor, the configuration in force and who set it, the price events it read with their positions and hashes, the weights, and the index values that followed."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The rebalance id (its correlation id, from `audit rebalances`).")
        var id: String

        func run() async throws {
            let log = try await database.openLog()
            defer { log.close() }
            guard let detail = try await RebalanceAudit(store: log.store).detail(id) else {
                throw ValidationError("no rebalance \(id)")
            }
            try printJSONLine(detail)
        }
    }

    struct Rebalance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Recompute a rebalance's weights from its recorded inputs with its recorded configuration; exit 1 where they differ."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The rebalance id (its correlation id, from `audit rebalances`).")
        var id: String

        func run() async throws {
            let log = try await database.openLog()
            defer { log.close() }
            guard let outcome = try await RebalanceAudit(store: log.store).verify(id) else {
                throw ValidationError("no rebalance \(id)")
            }
            try printJSONLine(outcome)
            if !outcome.matches {
                printError(
                    "rebalance \(id) does not verify: "
                        + (outcome.problem ?? outcome.differences.map(\.symbol).joined(separator: ", ")))
                throw ExitCode.failure
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Walk the hash chain over the whole log: the event count and head hash (record them to prove later that the log only grew); exit 1 naming the first bad position."
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let log = try await database.openLog(.readOnly)
            defer { log.close() }
            let store = log.store
            let report = try await store.verify()
            try printJSONLine(report)
            if let bad = report.firstBadPosition {
                printError("event log broken at position \(bad): \(report.problem ?? "hash mismatch")")
                throw ExitCode.failure
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the events after a position with their hashes as NDJSON (one ExportedEvent per line).")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Start after this log position (0: from the beginning).")
        var from: Int64 = 0

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
        var output: String?

        func run() async throws {
            guard from >= 0 else { throw ValidationError("--from must be at least 0") }
            let log = try await database.openLog(.readOnly)
            defer { log.close() }
            let store = log.store
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let handle: FileHandle
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: nil) else {
                    throw ValidationError("cannot create \(output)")
                }
                handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            } else {
                handle = FileHandle.standardOutput
            }
            defer { if output != nil { try? handle.close() } }
            var position = from
            while true {
                let events = try await store.exportedEvents(after: position, limit: 10_000)
                guard let last = events.last else { break }
                var chunk = Data()
                for event in events {
                    chunk.append(try encoder.encode(event))
                    chunk.append(0x0A)
                }
                try handle.write(contentsOf: chunk)
                position = last.position
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Verify an export without the database: every hash recomputes and chains; prints the range and head hash, exit 1 at the first bad position."
        )

        @Argument(help: "An NDJSON file written by `audit export`.")
        var file: String

        func run() async throws {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
            let report = ExportCheck.check(text.split(separator: "\n", omittingEmptySubsequences: false))
            try printJSONLine(report)
            if let bad = report.firstBadPosition {
                printError("export broken at position \(bad): \(report.problem ?? "hash mismatch")")
                throw ExitCode.failure
            }
        }
    }
}
