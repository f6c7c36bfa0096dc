import ArgumentParser
import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import Projections

/// `autoindex debug …`: tools for the crash-safety tests; hidden from help.
struct DebugCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Tools for testing the log's crash safety.",
        shouldDisplay: false,
        subcommands: [AppendLoop.self]
    )

    /// Appends forever, printing `appended <position>` once each append is acknowledged, while the
    /// projection runner follows the log. The crash test kills it with SIGKILL mid-flight.
    struct AppendLoop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "append-loop")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Stop after this many appends (default: never).")
        var count: Int = 1_000_000_000

        func run() async throws {
            let store = try database.openStore()
            let runner = store.projectionRunner()
            try await runner.prepare()
            // Continue numbering after earlier runs on the same file.
            let first = Int(try await store.headPosition())
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await runner.run() }
                group.addTask {
                    for index in first..<(first &+ count) {
                        let result = try await store.append(try Self.request(index))
                        // Unbuffered, so the parent sees each acknowledgement before a SIGKILL.
                        FileHandle.standardOutput.write(Data("appended \(result.lastPosition)\n".utf8))
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }

        /// A two-stream atomic append: a new user, and a price on a shared stream.
        static func request(_ index: Int) throws -> AppendRequest {
            let userId = String(format: "%08d", index)
            let correlation = "append-loop-\(index)"
            let user = UserRegistered(
                userId: userId, email: "user\(index)@example.com",
                passwordHash: "$2b$04$" + String(repeating: "x", count: 53), role: "user")
            let price = PriceFetched(
                symbol: "TEST", date: "2020-01-01", close: "\(100 + index % 50).25", source: "debug", fetchId: "loop")
            return AppendRequest([
                StreamAppend(
                    stream: try StreamName(category: "user", id: userId), expectedVersion: .noStream,
                    events: [
                        try ProposedEvent(
                            user, metadata: EventMetadata(actor: "system", correlationId: correlation, source: "debug"))
                    ]),
                StreamAppend(
                    stream: try StreamName("asset-TEST"), expectedVersion: .any,
                    events: [
                        try ProposedEvent(
                            price, metadata: EventMetadata(actor: "system", correlationId: correlation, source: "debug")
                        )
                    ]),
            ])
        }
    }
}
