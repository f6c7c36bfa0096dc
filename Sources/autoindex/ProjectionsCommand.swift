import ArgumentParser
import Foundation
import Projections

/// `autoindex projections …`: status and rebuild of read models.
struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Inspect and rebuild the read models.",
        subcommands: [Status.self, Rebuild.self, CatchUp.self]
    )

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print each projector's name, version, checkpoint and lag as JSON lines.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let log = try await database.openLog(.readOnly)
            defer { log.close() }
            let runner = try log.projectionRunner()
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            for status in try await runner.status() {
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            }
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Rebuild one read model (or all) from position 0 beside the live one and swap it in: safe while a server runs."
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: "The projector to rebuild; all when omitted.")
        var name: String?

        func run() async throws {
            let log = try await database.openLog()
            defer { log.close() }
            let runner = try log.projectionRunner()
            do {
                try await runner.rebuild(name)
            } catch let error as ProjectionError {
                throw ValidationError(error.description)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            for status in try await runner.status() where name == nil || status.name == name {
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            }
        }
    }

    struct CatchUp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catch-up", abstract: "Apply every new event to every read model, then exit.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let log = try await database.openLog()
            defer { log.close() }
            let runner = try log.projectionRunner()
            try await runner.prepare()
            try await runner.catchUp()
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            for status in try await runner.status() {
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            }
        }
    }
}
