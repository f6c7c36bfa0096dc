import AutoIndexDomain
import EventSourcing
import Foundation
import GRDB
import Projections

/// Appends in a loop while the projection runner follows the log, reporting each acknowledged
/// position: the workload the crash-safety tests kill with SIGKILL mid-flight.
public struct AppendLoop: Sendable {
    public let store: any EventStore
    /// Where the projection runner keeps its read models.
    public let readModels: any DatabaseWriter

    public init(store: any EventStore, readModels: any DatabaseWriter) {
        self.store = store
        self.readModels = readModels
    }

    /// Appends `count` two-stream requests, numbered on from earlier runs on the same file, calling
    /// `acknowledged` with each one's last position once it is durable.
    public func run(count: Int, acknowledged: @escaping @Sendable (Int64) -> Void) async throws {
        let runner = ProjectionRunner(store: store, database: readModels)
        try await runner.prepare()
        let first = Int(try await store.headPosition())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runner.run() }
            group.addTask {
                for index in first..<(first &+ count) {
                    acknowledged(try await store.append(try Self.request(index)).lastPosition)
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// A two-stream atomic append: a new user, and a price on a shared stream.
    static func request(_ index: Int) throws -> AppendRequest {
        let userId = String(format: "%08d", index)
        let metadata = EventMetadata(actor: "system", correlationId: "append-loop-\(index)", source: "debug")
        let user = UserRegistered(
            userId: userId, email: "user\(index)@example.com",
            passwordHash: "$2b$04$" + String(repeating: "x", count: 53), role: "user")
        let price = PriceFetched(
            symbol: "TEST", date: "2020-01-01", close: "\(100 + index % 50).25", source: "debug", fetchId: "loop")
        return AppendRequest([
            StreamAppend(
                stream: try StreamName(category: "user", id: userId), expectedVersion: .noStream,
                events: [try ProposedEvent(user, metadata: metadata)]),
            StreamAppend(
                stream: try StreamName("asset-TEST"), expectedVersion: .any,
                events: [try ProposedEvent(price, metadata: metadata)]),
        ])
    }
}
