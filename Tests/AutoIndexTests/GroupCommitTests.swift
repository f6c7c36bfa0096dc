import EventSourcing
import EventStoreSQLite
import Foundation
import Testing

@Suite("Group commit")
struct GroupCommitTests {
    @Test("callers waiting together share one commit, and each gets its own result or error")
    func waitingCallersShareACommit() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        // The clock is read once per commit, and each commit gets its own second. The reading after
        // the seed is slow, so callers that missed the first batch all queue up behind it.
        let readings = Counter()
        let clock = WallClock {
            let reading = readings.next()
            if reading == 1 { Thread.sleep(forTimeInterval: 0.2) }
            return Date(timeIntervalSince1970: 1_700_000_000 + Double(reading))
        }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"), options: .init(clock: clock))
        _ = try await store.append(AppendRequest(stream: TestEvents.stream("taken-1"), events: [TestEvents.event(0)]))

        let callers = 40
        let outcomes = try await withThrowingTaskGroup(of: (Int, Result<AppendResult, EventStoreError>).self) { group in
            for caller in 1...callers {
                group.addTask {
                    // Every fifth caller expects a stream that already exists to be new.
                    let stream = caller.isMultiple(of: 5) ? "taken-1" : "free-\(caller)"
                    do {
                        let result = try await store.append(
                            AppendRequest(
                                stream: TestEvents.stream(stream), expectedVersion: .noStream,
                                events: [TestEvents.event(caller)]))
                        return (caller, .success(result))
                    } catch let error as EventStoreError {
                        return (caller, .failure(error))
                    }
                }
            }
            var all: [Int: Result<AppendResult, EventStoreError>] = [:]
            for try await (caller, outcome) in group { all[caller] = outcome }
            return all
        }

        for caller in 1...callers {
            switch outcomes[caller] {
            case .success(let result):
                #expect(!caller.isMultiple(of: 5))
                #expect(result.streamVersions == [.init(stream: "free-\(caller)", version: 1)])
            case .failure(let error):
                #expect(error == .wrongExpectedVersion(stream: "taken-1", expected: .noStream, actual: 1))
                #expect(caller.isMultiple(of: 5))
            case nil:
                Issue.record("caller \(caller) got no outcome")
            }
        }
        let events = try await store.read(after: 1, limit: 100)
        #expect(events.count == callers - callers / 5)
        #expect(events.map(\.position) == Array(2...Int64(1 + callers - callers / 5)))
        // Whoever queued before the first (slow) commit took its batch is in it; all the others
        // queued while it ran and share the next one: at most two commits for forty callers.
        #expect(Set(events.map(\.recordedAt)).count <= 2)
        #expect(try await store.verify().isIntact)
    }

    @Test(
        "a batch waits for the callers the last commit answered and those queued during it, at most as many as last came in time"
    )
    func gatheringExpectsReturningCallers() {
        var gathering = CommitGathering()
        #expect(!gathering.wantsMore(1))  // a first caller commits at once
        gathering.gathered(1)
        gathering.committed(answered: 1, waiting: 7)  // 7 queued during that commit
        #expect(gathering.expected == 8)
        #expect(gathering.wantsMore(7))
        #expect(!gathering.wantsMore(8))
        gathering.gathered(8)
        gathering.committed(answered: 8, waiting: 0)
        #expect(gathering.expected == 8)
        gathering.gathered(5)  // three callers left: the wait timed out with five
        gathering.committed(answered: 5, waiting: 0)
        #expect(gathering.expected == 5)
        gathering.gathered(5)
        gathering.committed(answered: 5, waiting: 4)  // capped at what came when it waited in vain
        #expect(gathering.expected == 5)
        gathering.gathered(9)  // more came unasked: the cap is lifted
        gathering.committed(answered: 9, waiting: 3)
        #expect(gathering.expected == 12)
    }
}
