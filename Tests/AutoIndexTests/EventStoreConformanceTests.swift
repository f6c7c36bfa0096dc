import EventSourcing
import Foundation
import Testing

/// The EventStore contract, written against the protocol alone: every backend must pass it.
@Suite("EventStore conformance")
struct EventStoreConformanceTests {
    @Test(
        "appended events read back with positions, versions, metadata and the injected time",
        arguments: EventStoreBackend.allCases)
    func appendAndReadBack(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        let stream = TestEvents.stream("order-1")
        let result = try await store.append(
            AppendRequest(
                stream: stream, expectedVersion: .noStream, events: [TestEvents.event(1), TestEvents.event(2)]))
        #expect(result.positions == [1, 2])
        #expect(result.streamVersions == [.init(stream: "order-1", version: 2)])
        #expect(result.lastPosition == 2)

        let events = try await store.read(after: 0)
        #expect(events.map(\.position) == [1, 2])
        #expect(events.map(\.version) == [1, 2])
        #expect(events.map(\.stream.rawValue) == ["order-1", "order-1"])
        #expect(events.map(\.type) == ["TestHappened", "TestHappened"])
        #expect(events.map(\.schemaVersion) == [1, 1])
        #expect(events.map { String(decoding: $0.payload, as: UTF8.self) } == ["{\"n\":1}", "{\"n\":2}"])
        let first = try #require(events.first)
        #expect(first.metadata.actor == "tester")
        #expect(first.metadata.correlationId == "corr-1")
        #expect(first.metadata.causationId == "cause-1")
        #expect(first.metadata.source == "test")
        #expect(first.metadata.idempotencyKey == nil)
        #expect(first.recordedAt == "2024-01-02T03:04:05.678901Z")
        #expect(first.hash.count == 64)
        #expect(Set(events.map(\.metadata.eventId)).count == 2)
        #expect(try await store.headPosition() == 2)
    }

    @Test("a new stream accepts noStream, any and exact(0)", arguments: EventStoreBackend.allCases)
    func expectationsOnNewStream(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        for (index, expected) in [ExpectedVersion.noStream, .any, .exact(0)].enumerated() {
            let stream = TestEvents.stream("order-new\(index)")
            let result = try await store.append(
                AppendRequest(stream: stream, expectedVersion: expected, events: [TestEvents.event(index)]))
            #expect(result.streamVersions == [.init(stream: stream.rawValue, version: 1)])
        }
    }

    @Test("an existing stream accepts exact(current) and any", arguments: EventStoreBackend.allCases)
    func expectationsOnExistingStream(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        let stream = TestEvents.stream("order-1")
        _ = try await store.append(AppendRequest(stream: stream, events: [TestEvents.event(1), TestEvents.event(2)]))
        let exact = try await store.append(
            AppendRequest(stream: stream, expectedVersion: .exact(2), events: [TestEvents.event(3)]))
        #expect(exact.positions == [3])
        #expect(exact.streamVersions == [.init(stream: "order-1", version: 3)])
        let any = try await store.append(
            AppendRequest(stream: stream, expectedVersion: .any, events: [TestEvents.event(4)]))
        #expect(any.streamVersions == [.init(stream: "order-1", version: 4)])
    }

    @Test(
        "a wrong expected version throws a conflict naming stream, expected and actual, and writes nothing",
        arguments: EventStoreBackend.allCases)
    func wrongExpectedVersions(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        let stream = TestEvents.stream("order-1")
        _ = try await store.append(AppendRequest(stream: stream, events: [TestEvents.event(1), TestEvents.event(2)]))

        let cases: [(ExpectedVersion, StreamName, EventStoreError)] = [
            (.noStream, stream, .wrongExpectedVersion(stream: "order-1", expected: .noStream, actual: 2)),
            (.exact(1), stream, .wrongExpectedVersion(stream: "order-1", expected: .exact(1), actual: 2)),
            (.exact(3), stream, .wrongExpectedVersion(stream: "order-1", expected: .exact(3), actual: 2)),
            (
                .exact(1), TestEvents.stream("order-missing"),
                .wrongExpectedVersion(stream: "order-missing", expected: .exact(1), actual: 0)
            ),
        ]
        for (expected, target, error) in cases {
            await #expect(throws: error) {
                try await store.append(
                    AppendRequest(stream: target, expectedVersion: expected, events: [TestEvents.event(9)]))
            }
        }
        #expect(try await store.headPosition() == 2)
        #expect(try await store.read(stream: stream).count == 2)
        #expect(
            EventStoreError.wrongExpectedVersion(stream: "order-1", expected: .exact(1), actual: 2).description
                == "wrong expected version for stream order-1: expected version 1, found version 2")
        #expect(
            EventStoreError.wrongExpectedVersion(stream: "order-9", expected: .exact(1), actual: 0).description
                == "wrong expected version for stream order-9: expected version 1, found no stream")
    }

    @Test(
        "a repeated idempotency key returns the original result and appends nothing",
        arguments: EventStoreBackend.allCases)
    func idempotentRepeat(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        let stream = TestEvents.stream("order-1")
        let request = AppendRequest(
            stream: stream, expectedVersion: .noStream, events: [TestEvents.event(1), TestEvents.event(2)],
            idempotencyKey: "cmd-42")
        let first = try await store.append(request)
        _ = try await store.append(AppendRequest(stream: TestEvents.stream("other-1"), events: [TestEvents.event(3)]))

        // A retry carries fresh event ids; it is still the same request.
        let retry = AppendRequest(
            stream: stream, expectedVersion: .noStream, events: [TestEvents.event(1), TestEvents.event(2)],
            idempotencyKey: "cmd-42")
        let second = try await store.append(retry)
        #expect(second == first)
        #expect(second.positions == [1, 2])
        #expect(try await store.headPosition() == 3)
        let stored = try await store.read(stream: stream)
        #expect(stored.map(\.metadata.idempotencyKey) == ["cmd-42", "cmd-42"])
    }

    @Test("the same idempotency key with different events is a conflict", arguments: EventStoreBackend.allCases)
    func idempotencyConflict(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        let stream = TestEvents.stream("order-1")
        _ = try await store.append(
            AppendRequest(stream: stream, events: [TestEvents.event(1)], idempotencyKey: "cmd-7"))
        await #expect(throws: EventStoreError.idempotencyConflict(key: "cmd-7")) {
            try await store.append(
                AppendRequest(stream: stream, events: [TestEvents.event(2)], idempotencyKey: "cmd-7"))
        }
        await #expect(throws: EventStoreError.idempotencyConflict(key: "cmd-7")) {
            try await store.append(
                AppendRequest(
                    stream: TestEvents.stream("order-2"), events: [TestEvents.event(1)], idempotencyKey: "cmd-7"))
        }
        #expect(try await store.headPosition() == 1)
    }

    @Test("a multi-stream append whose middle part fails writes nothing", arguments: EventStoreBackend.allCases)
    func atomicMultiStream(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        _ = try await store.append(AppendRequest(stream: TestEvents.stream("b-1"), events: [TestEvents.event(0)]))
        let request = AppendRequest(
            [
                StreamAppend(
                    stream: TestEvents.stream("a-1"), expectedVersion: .noStream, events: [TestEvents.event(1)]),
                StreamAppend(
                    stream: TestEvents.stream("b-1"), expectedVersion: .noStream, events: [TestEvents.event(2)]),
                StreamAppend(stream: TestEvents.stream("c-1"), expectedVersion: .any, events: [TestEvents.event(3)]),
            ], idempotencyKey: "multi-1")
        await #expect(throws: EventStoreError.wrongExpectedVersion(stream: "b-1", expected: .noStream, actual: 1)) {
            try await store.append(request)
        }
        #expect(try await store.headPosition() == 1)
        #expect(try await store.read(stream: TestEvents.stream("a-1")).isEmpty)
        #expect(try await store.read(stream: TestEvents.stream("c-1")).isEmpty)

        // The failed request did not consume its idempotency key or any position.
        var fixed = request
        fixed.streams[1].expectedVersion = .exact(1)
        let result = try await store.append(fixed)
        #expect(result.positions == [2, 3, 4])
        #expect(
            result.streamVersions == [
                .init(stream: "a-1", version: 1), .init(stream: "b-1", version: 2), .init(stream: "c-1", version: 1),
            ])
        #expect(try await store.read(after: 0).map(\.position) == [1, 2, 3, 4])
    }

    @Test("malformed requests are refused before anything is written", arguments: EventStoreBackend.allCases)
    func malformedRequests(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        await #expect(throws: EventStoreError.invalidAppend("no events")) {
            try await store.append(AppendRequest(stream: TestEvents.stream("a-1"), events: []))
        }
        await #expect(throws: EventStoreError.invalidAppend("stream a-1 appears twice in one request")) {
            try await store.append(
                AppendRequest([
                    StreamAppend(
                        stream: TestEvents.stream("a-1"), expectedVersion: .any, events: [TestEvents.event(1)]),
                    StreamAppend(
                        stream: TestEvents.stream("a-1"), expectedVersion: .any, events: [TestEvents.event(2)]),
                ]))
        }
        await #expect(throws: EventStoreError.invalidAppend("invalid event type \"not a type\"")) {
            try await store.append(
                AppendRequest(stream: TestEvents.stream("a-1"), events: [TestEvents.event(1, type: "not a type")]))
        }
        await #expect(throws: EventStoreError.invalidAppend("payload of TestHappened is not a JSON object")) {
            try await store.append(
                AppendRequest(
                    stream: TestEvents.stream("a-1"),
                    events: [
                        ProposedEvent(
                            type: "TestHappened", schemaVersion: 1, payload: Data("{\"n\":".utf8),
                            metadata: EventMetadata(actor: "tester"))
                    ]))
        }
        #expect(throws: EventStoreError.invalidStreamName("no_dash")) { try StreamName("no_dash") }
        #expect(throws: EventStoreError.invalidStreamName("Asset-AAPL")) { try StreamName("Asset-AAPL") }
        #expect(throws: EventStoreError.invalidStreamName("asset-")) { try StreamName("asset-") }
        #expect(throws: EventStoreError.invalidStreamName("asset-A B")) { try StreamName("asset-A B") }
        #expect(try StreamName("user-3f2a-77").category == "user")
        #expect(try StreamName("user-3f2a-77").id == "3f2a-77")
        #expect(try await store.headPosition() == 0)
    }

    @Test("reads by position and limit, stream, category and type", arguments: EventStoreBackend.allCases)
    func filteredReads(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        let plan: [(String, String)] = [
            ("asset-AAPL", "PriceFetched"), ("asset-MSFT", "PriceFetched"), ("user-1", "UserRegistered"),
            ("asset-AAPL", "PriceCorrected"), ("assets-X", "PriceFetched"), ("asset-AAPL", "PriceFetched"),
        ]
        for (index, (stream, type)) in plan.enumerated() {
            _ = try await store.append(
                AppendRequest(stream: TestEvents.stream(stream), events: [TestEvents.event(index, type: type)]))
        }
        #expect(try await store.read(after: 2, limit: 2).map(\.position) == [3, 4])
        #expect(try await store.read(after: 6, limit: 10).isEmpty)
        #expect(
            try await store.read(after: 0, limit: 100, filter: EventFilter(stream: TestEvents.stream("asset-AAPL")))
                .map(\.position) == [1, 4, 6])
        #expect(
            try await store.read(after: 0, limit: 100, filter: EventFilter(category: "asset")).map(\.position) == [
                1, 2, 4, 6,
            ])
        #expect(
            try await store.read(after: 0, limit: 100, filter: EventFilter(types: ["PriceFetched"])).map(\.position)
                == [
                    1, 2, 5, 6,
                ])
        #expect(
            try await store.read(after: 1, limit: 100, filter: EventFilter(category: "asset", types: ["PriceFetched"]))
                .map(\.position) == [2, 6])
        #expect(
            try await store.read(stream: TestEvents.stream("asset-AAPL"), fromVersion: 2).map(\.version) == [2, 3])
    }

    @Test("a subscription catches up, then delivers new appends in order", arguments: EventStoreBackend.allCases)
    func subscriptionFollows(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        for n in 1...3 {
            _ = try await store.append(AppendRequest(stream: TestEvents.stream("s-1"), events: [TestEvents.event(n)]))
        }
        let received = try await withThrowingTaskGroup(of: [Int64].self) { group in
            group.addTask {
                var positions: [Int64] = []
                for try await event in store.subscribe(after: 1, batchSize: 2) {
                    positions.append(event.position)
                    if positions.count == 5 { break }
                }
                return positions
            }
            group.addTask {
                for n in 4...6 {
                    try await Task.sleep(for: .milliseconds(20))
                    _ = try await store.append(
                        AppendRequest(stream: TestEvents.stream("s-2"), events: [TestEvents.event(n)]))
                }
                return []
            }
            var all: [Int64] = []
            for try await part in group { all += part }
            return all
        }
        #expect(received == [2, 3, 4, 5, 6])
    }

    @Test("a filtered subscription skips other events without stalling", arguments: EventStoreBackend.allCases)
    func filteredSubscription(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        for n in 1...10 {
            let stream = n % 3 == 0 ? "price-1" : "noise-1"
            _ = try await store.append(AppendRequest(stream: TestEvents.stream(stream), events: [TestEvents.event(n)]))
        }
        var positions: [Int64] = []
        for try await event in store.subscribe(after: 0, filter: EventFilter(category: "price"), batchSize: 2) {
            positions.append(event.position)
            if positions.count == 3 { break }
        }
        #expect(positions == [3, 6, 9])
    }

    @Test(
        "the last position recorded by a moment is how far the log reached then", arguments: EventStoreBackend.allCases)
    func lastPositionByTime(backend: EventStoreBackend) async throws {
        let (store, cleanup) = try await backend.makeStore()
        defer { cleanup() }
        for n in 1...3 {
            _ = try await store.append(
                AppendRequest(
                    stream: TestEvents.stream("order-\(n)"), events: [TestEvents.event(n), TestEvents.event(n)]))
        }
        let events = try await store.read(after: 0)
        let times = events.map(\.recordedAt)
        #expect(Set(times).count == 3)
        #expect(try await store.lastPosition(recordedThrough: "2000-01-01T00:00:00.000000Z") == 0)
        for (index, event) in events.enumerated() where index % 2 == 1 {
            #expect(try await store.lastPosition(recordedThrough: event.recordedAt) == event.position)
        }
        let justBeforeSecond = try #require(UTCTimestamp.parse(times[2])).addingTimeInterval(-0.000_5)
        #expect(try await store.lastPosition(recordedThrough: UTCTimestamp.format(justBeforeSecond)) == 2)
        #expect(try await store.lastPosition(recordedThrough: "2999-12-31T23:59:59.999999Z") == 6)
    }
}
