import EventSourcing
import EventStorePostgres
import Foundation
import Testing

/// Two stores on one log, taking turns: each plans its commits from the head it last saw, so every
/// turn of the other one makes its next commit find a moved head and plan again.
@Suite("PostgreSQL: two writers taking turns", .enabled(if: PostgresTestDatabase.isConfigured))
struct PostgresTwoWritersTests {
    @Test(
        "a head moved by another writer is planned again: positions, versions, expected versions and keys stay exact")
    func takingTurns() async throws {
        let location = try PostgresTestDatabase.freshLocation()
        let first = try await PostgresTestDatabase.makeStore(location: location)
        defer { first.close() }
        let second = try await PostgresTestDatabase.makeStore(location: location)
        defer { second.close() }
        let order = TestEvents.stream("order-1")
        func append(_ store: PostgresEventStore, _ n: Int, _ expected: ExpectedVersion, key: String? = nil)
            async throws -> [Int64]
        {
            try await store.append(
                AppendRequest(
                    stream: order, expectedVersion: expected, events: [TestEvents.event(n)], idempotencyKey: key)
            ).positions
        }

        #expect(try await append(first, 1, .noStream) == [1])
        #expect(try await append(first, 2, .exact(1)) == [2])
        #expect(try await append(second, 3, .exact(2)) == [3])
        // The first writer last saw version 2: the exact(3) it is sent is right, and must not fail.
        #expect(try await append(first, 4, .exact(3)) == [4])
        #expect(try await append(second, 5, .any) == [5])
        // The first writer last saw head 4: its commit finds head 5 and is planned again from it.
        #expect(try await append(first, 6, .any) == [6])
        // And a stale expectation still fails, naming the version the log holds.
        await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "order-1", expected: .exact(5), actual: 6)) {
            try await append(second, 7, .exact(5))
        }
        // A key stored by one writer answers the other with the stored result, and a conflict otherwise.
        #expect(try await append(second, 8, .any, key: "shared") == [7])
        #expect(try await append(first, 8, .any, key: "shared") == [7])
        await #expect(throws: EventStoreError.idempotencyConflict(key: "shared")) {
            try await append(first, 9, .any, key: "shared")
        }
        #expect(try await append(first, 10, .exact(7)) == [8])

        let events = try await second.read(after: 0, limit: 100)
        #expect(events.map(\.position) == Array(1...8))
        #expect(events.map(\.version) == Array(1...8))
        #expect(events.map { String(decoding: $0.payload, as: UTF8.self) }.last == #"{"n":10}"#)
        let report = try await second.verify()
        #expect(report.isIntact && report.eventCount == 8)
        #expect(try await first.verify() == report)
    }
}
