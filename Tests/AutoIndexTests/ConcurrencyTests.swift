import EventSourcing
import EventStoreSQLite
import Foundation
import Testing

@Suite("Concurrent appends")
struct ConcurrencyTests {
    @Test(
        "8 tasks × 1,000 appends with a live subscriber: positions 1…8000 once each, in order; versions 1…n",
        arguments: EventStoreBackend.allCases)
    func concurrentAppendsAndSubscriber(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        let tasks = 8
        let appendsPerTask = 1000
        let total = Int64(tasks * appendsPerTask)

        let (delivered, acknowledged) = try await withThrowingTaskGroup(of: ([Int64], [Int64]).self) { group in
            group.addTask {
                var seen: [Int64] = []
                for try await event in store.subscribe(after: 0, batchSize: 300) {
                    seen.append(event.position)
                    if seen.count == total { break }
                }
                return (seen, [])
            }
            for task in 0..<tasks {
                group.addTask {
                    var positions: [Int64] = []
                    for index in 0..<appendsPerTask {
                        // Alternate between a stream every task shares and one of its own.
                        let stream = index.isMultiple(of: 2) ? "shared-1" : "own-\(task)"
                        let result = try await store.append(
                            AppendRequest(
                                stream: TestEvents.stream(stream), events: [TestEvents.event(task * 10_000 + index)]))
                        positions += result.positions
                    }
                    return ([], positions)
                }
            }
            var delivered: [Int64] = []
            var acknowledged: [Int64] = []
            for try await (seen, positions) in group {
                delivered += seen
                acknowledged += positions
            }
            return (delivered, acknowledged)
        }

        #expect(delivered == Array(1...total))
        #expect(acknowledged.sorted() == Array(1...total))

        var streams: [String: [Int64]] = [:]
        for event in try await store.read(after: 0, limit: Int(total) + 10) {
            streams[event.stream.rawValue, default: []].append(event.version)
        }
        #expect(streams.count == tasks + 1)
        #expect(streams["shared-1"] == Array(1...Int64(tasks * appendsPerTask / 2)))
        for task in 0..<tasks {
            #expect(streams["own-\(task)"] == Array(1...Int64(appendsPerTask / 2)))
        }
        #expect(try await store.verify().isIntact)
    }

    @Test(
        "concurrent appenders with conflicting expectations: exactly one wins each version",
        arguments: EventStoreBackend.allCases)
    func optimisticConcurrency(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        let stream = TestEvents.stream("race-1")
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 0..<16 {
                group.addTask {
                    do {
                        _ = try await store.append(
                            AppendRequest(stream: stream, expectedVersion: .noStream, events: [TestEvents.event(n)]))
                        return true
                    } catch EventStoreError.wrongExpectedVersion(stream: "race-1", expected: .noStream, actual: 1) {
                        return false
                    }
                }
            }
            var wins: [Bool] = []
            for try await outcome in group { wins.append(outcome) }
            return wins
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await store.read(stream: stream).count == 1)
        #expect(try await store.headPosition() == 1)
    }
}
