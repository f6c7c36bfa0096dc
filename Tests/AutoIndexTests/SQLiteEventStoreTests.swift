import Crypto
import EventSourcing
import EventStoreSQLite
import Foundation
import GRDB
import Testing

@Suite("SQLite event log")
struct SQLiteEventStoreTests {
    @Test("the file is in WAL mode and the writer syncs FULL by default")
    func walAndFullSync() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let (mode, synchronous) = try await store.database.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(synchronous == 2)  // FULL
    }

    @Test(
        "UPDATE, DELETE and reused positions or versions through raw SQL fail with a clear message and change nothing")
    func appendOnlyTriggers() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        _ = try await store.append(
            AppendRequest(stream: TestEvents.stream("a-1"), events: [TestEvents.event(1), TestEvents.event(2)]))
        let before = try await store.read(after: 0)

        let attempts = [
            ("UPDATE events SET payload = '{\"n\":99}' WHERE position = 1", "UPDATE of events is not allowed"),
            ("DELETE FROM events WHERE position = 2", "DELETE from events is not allowed"),
            ("DELETE FROM events", "DELETE from events is not allowed"),
            (
                "INSERT INTO events (position, stream, version, type, schema_version, payload, metadata, recorded_at, hash) VALUES (2, 'a-1', 3, 'X', 1, '{}', '{}', 'now', '\(String(repeating: "0", count: 64))')",
                "UNIQUE constraint failed: events.position"
            ),
            (
                "INSERT INTO events (position, stream, version, type, schema_version, payload, metadata, recorded_at, hash) VALUES (3, 'a-1', 2, 'X', 1, '{}', '{}', 'now', '\(String(repeating: "0", count: 64))')",
                "UNIQUE constraint failed: events.stream, events.version"
            ),
        ]
        for (sql, message) in attempts {
            let error = await #expect(throws: DatabaseError.self) {
                try await store.database.write { db in try db.execute(sql: sql) }
            }
            #expect(error?.message?.contains(message) == true, "\(sql): \(String(describing: error?.message))")
        }
        #expect(try await store.read(after: 0) == before)
        #expect(try await store.verify().isIntact)
        #expect(try await store.missingAppendOnlyGuards().isEmpty)
    }

    @Test("verify names the first tampered position after triggers are dropped")
    func tamperingIsDetected() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        for n in 1...10 {
            _ = try await store.append(
                AppendRequest(stream: TestEvents.stream("a-\(n % 3)"), events: [TestEvents.event(n)]))
        }
        let intact = try await store.verify()
        #expect(intact.isIntact)
        #expect(intact.eventCount == 10)
        #expect(intact.headHash == (try await store.read(after: 9).first?.hash))

        try await store.database.write { db in
            try db.execute(sql: "DROP TRIGGER events_reject_update")
            try db.execute(sql: "UPDATE events SET payload = '{\"n\":700}' WHERE position = 7")
        }
        #expect(try await store.missingAppendOnlyGuards() == ["events_reject_update"])
        let report = try await store.verify()
        #expect(report.firstBadPosition == 7)
        #expect(report.eventCount == 7)
        #expect(report.problem?.hasPrefix("stored hash") == true)
    }

    @Test("verify names a deleted position")
    func deletionIsDetected() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        for n in 1...5 {
            _ = try await store.append(AppendRequest(stream: TestEvents.stream("a-1"), events: [TestEvents.event(n)]))
        }
        try await store.database.write { db in
            try db.execute(sql: "DROP TRIGGER events_reject_delete")
            try db.execute(sql: "DELETE FROM events WHERE position = 3")
        }
        let report = try await store.verify()
        #expect(report.firstBadPosition == 3)
        #expect(report.problem == "position 3 is missing (found 4 next)")
    }

    @Test("the hash chain follows the documented framing")
    func hashChainIsReproducible() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(
            path: scratch.path("log.sqlite"), options: .init(clock: .fixed(Date(timeIntervalSince1970: 0))))
        let id = try #require(UUID(uuidString: "00000000-0000-0000-0000-000000000001"))
        let event = ProposedEvent(
            type: "TestHappened", schemaVersion: 1, payload: Data("{\"n\":1}".utf8),
            metadata: EventMetadata(eventId: id, actor: "system", correlationId: "c"))
        _ = try await store.append(AppendRequest(stream: TestEvents.stream("a-1"), events: [event]))
        let stored = try #require(try await store.read(after: 0).first)
        let metadata = #"{"actor":"system","correlation_id":"c","event_id":"00000000-0000-0000-0000-000000000001"}"#
        #expect(stored.metadata.canonicalJSON == metadata)
        #expect(stored.recordedAt == "1970-01-01T00:00:00.000000Z")
        // Independently: printf '64:000…\n1:1\n3:a-1\n1:1\n12:TestHappened\n1:1\n7:{"n":1}\n<m>\n27:1970…Z\n' | sha256sum
        let framed = [
            String(repeating: "0", count: 64), "1", "a-1", "1", "TestHappened", "1", "{\"n\":1}", metadata,
            "1970-01-01T00:00:00.000000Z",
        ].map { "\($0.utf8.count):\($0)\n" }.joined()
        #expect(stored.hash == sha256Hex(framed))

        // Multi-digit numbers frame by their decimal length too: position 12, version 12.
        let more = (2...12).map { n in
            ProposedEvent(
                type: "TestHappened", schemaVersion: 1, payload: Data("{\"n\":\(n)}".utf8),
                metadata: EventMetadata(eventId: id, actor: "system", correlationId: "c"))
        }
        _ = try await store.append(AppendRequest(stream: TestEvents.stream("a-1"), events: more))
        let tail = try await store.read(after: 10)
        let (eleventh, twelfth) = (try #require(tail.first), try #require(tail.last))
        #expect(twelfth.position == 12 && twelfth.version == 12)
        let framedTwelfth = [
            eleventh.hash, "12", "a-1", "12", "TestHappened", "1", "{\"n\":12}", metadata,
            "1970-01-01T00:00:00.000000Z",
        ].map { "\($0.utf8.count):\($0)\n" }.joined()
        #expect(twelfth.hash == sha256Hex(framedTwelfth))
    }

    @Test("older schema versions are upcast on read; the stored row and its hash stay as written")
    func upcastOnRead() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        try await TestEvents.appendTemperatureV1(to: path)
        var upcasters = Upcasters()
        upcasters.register("TemperatureMeasured", from: 1) { payload in
            let object = try JSONSerialization.jsonObject(with: payload) as? [String: Double] ?? [:]
            let celsius = ((object["fahrenheit"] ?? 0) - 32) * 5 / 9
            return Data(#"{"celsius":\#(celsius),"unit":"C"}"#.utf8)
        }
        upcasters.register("TemperatureMeasured", from: 2) { payload in
            let text = String(decoding: payload, as: UTF8.self).replacingOccurrences(
                of: "\"unit\":\"C\"", with: "\"scale\":\"celsius\"")
            return Data(text.utf8)
        }
        let store = try SQLiteEventStore(path: path, options: .init(upcasters: upcasters))
        let event = try #require(try await store.read(after: 0).first)
        #expect(event.schemaVersion == 3)
        #expect(String(decoding: event.payload, as: UTF8.self) == #"{"celsius":100.0,"scale":"celsius"}"#)
        #expect(try await store.verify().isIntact)
        let raw = try store.database.read { db in
            try Row.fetchOne(db, sql: "SELECT schema_version, payload FROM events")
        }
        #expect(raw?[0] == 1)
        #expect(raw?[1] == #"{"fahrenheit":212}"#)
    }

    @Test("the log survives closing and reopening; positions continue")
    func reopen() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        do {
            let store = try SQLiteEventStore(path: path)
            _ = try await store.append(AppendRequest(stream: TestEvents.stream("a-1"), events: [TestEvents.event(1)]))
        }
        let store = try SQLiteEventStore(path: path)
        let result = try await store.append(
            AppendRequest(stream: TestEvents.stream("a-1"), expectedVersion: .exact(1), events: [TestEvents.event(2)]))
        #expect(result.positions == [2])
        #expect(try await store.verify().isIntact)
    }

    @Test("a subscription sees appends made by another store instance on the same file")
    func crossInstanceSubscription() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        let reader = try SQLiteEventStore(path: path)
        let writer = try SQLiteEventStore(path: path)
        let positions = try await withThrowingTaskGroup(of: [Int64].self) { group in
            group.addTask {
                var seen: [Int64] = []
                for try await event in reader.subscribe() {
                    seen.append(event.position)
                    if seen.count == 2 { break }
                }
                return seen
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(50))
                _ = try await writer.append(
                    AppendRequest(stream: TestEvents.stream("a-1"), events: [TestEvents.event(1), TestEvents.event(2)]))
                return []
            }
            var all: [Int64] = []
            for try await part in group { all += part }
            return all
        }
        #expect(positions == [1, 2])
    }
}

func sha256Hex(_ text: String) -> String {
    SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
}
