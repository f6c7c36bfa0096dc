import EventSourcing
import EventStoreSQLite
import Foundation
import Testing

/// `autoindex audit verify|export|check`, run as an auditor would.
@Suite("autoindex audit")
struct AuditCommandTests {
    let cli = CommandLineTests()

    @Test("verify prints the count and head hash; export and check agree offline, also from a later position")
    func exportAndCheck() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        try await cli.seed(path, events: 6)
        let store = try SQLiteEventStore(path: path)
        let head = try #require(try await store.read(after: 5).first?.hash)

        let verified = try cli.autoindex(["audit", "verify", "--database", path])
        #expect(verified.status == 0)
        #expect(
            verified.stdout
                == #"{"event_count":6,"first_bad_position":null,"head_hash":"\#(head)","problem":null}"# + "\n")

        let export = scratch.path("log.ndjson")
        #expect(try cli.autoindex(["audit", "export", "--database", path, "--output", export]).status == 0)
        let lines = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)
        let first = try JSONDecoder().decode(ExportedEvent.self, from: Data(lines[0].utf8))
        #expect(first.previousHash == String(repeating: "0", count: 64))
        #expect(first.position == 1)

        let checked = try cli.autoindex(["audit", "check", export])
        #expect(checked.status == 0)
        #expect(
            checked.stdout
                == #"{"event_count":6,"first_bad_position":null,"head_hash":"\#(head)","problem":null,"start_hash":"\#(String(repeating: "0", count: 64))","starts_after":0}"#
                + "\n")

        let tail = try cli.autoindex(["audit", "export", "--database", path, "--from", "4"])
        let tailFile = scratch.path("tail.ndjson")
        try tail.stdout.write(toFile: tailFile, atomically: true, encoding: .utf8)
        let partial = try cli.autoindex(["audit", "check", tailFile])
        #expect(partial.stdout.contains(#""event_count":2"#))
        #expect(partial.stdout.contains(#""head_hash":"\#(head)""#))
        #expect(partial.stdout.contains(#""starts_after":4"#))
    }

    @Test("an altered line, a dropped line or an altered stored event is named at its position")
    func tampering() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        try await cli.seed(path, events: 6)
        let export = scratch.path("log.ndjson")
        #expect(try cli.autoindex(["audit", "export", "--database", path, "--output", export]).status == 0)
        let lines = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n").map(String.init)

        var altered = lines
        altered[2] = altered[2].replacingOccurrences(of: #""version":"#, with: #""version":9"#)
        try altered.joined(separator: "\n").write(toFile: export, atomically: true, encoding: .utf8)
        let alteredCheck = try cli.autoindex(["audit", "check", export])
        #expect(alteredCheck.status == 1)
        #expect(alteredCheck.stdout.contains(#""first_bad_position":3"#))
        #expect(alteredCheck.stderr.contains("export broken at position 3"))

        var dropped = lines
        dropped.remove(at: 3)
        try dropped.joined(separator: "\n").write(toFile: export, atomically: true, encoding: .utf8)
        let droppedCheck = try cli.autoindex(["audit", "check", export])
        #expect(droppedCheck.stdout.contains(#""first_bad_position":4,"head_hash""#))
        #expect(droppedCheck.stdout.contains("position 4 is missing (found 5 next)"))

        let store = try SQLiteEventStore(path: path)
        try await store.database.write { db in
            try db.execute(sql: "DROP TRIGGER events_reject_update")
            try db.execute(sql: "UPDATE events SET payload = '{\"n\":99}' WHERE position = 5")
        }
        let broken = try cli.autoindex(["audit", "verify", "--database", path])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains(#""first_bad_position":5"#))
    }
}
