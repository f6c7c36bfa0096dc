import ArgumentParser
import EventSourcing
import EventStoreSQLite
import Foundation

/// `autoindex events …`: read, follow and verify the log.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Read, follow and verify the event log.",
        subcommands: [List.self, Tail.self, Verify.self]
    )

    /// Filters shared by `list` and `tail`.
    struct Selection: ParsableArguments {
        @Option(help: "Start after this log position (0: from the beginning).")
        var from: Int64 = 0

        @Option(help: "Only this stream, e.g. asset-AAPL.")
        var stream: String?

        @Option(help: "Only this category of streams, e.g. asset.")
        var category: String?

        @Option(name: .customLong("type"), help: "Only events of this type (repeatable).")
        var types: [String] = []

        /// A malformed filter is a usage error before any database is opened.
        func validate() throws { _ = try filter() }

        func filter() throws -> EventFilter {
            let stream = try self.stream.map { try StreamName($0) }
            return EventFilter(stream: stream, category: category, types: Set(types))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print events as JSON lines, in position order.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var selection: Selection

        @Option(help: "Print at most this many events.")
        var limit: Int?

        func run() async throws {
            let log = try await database.openLog(.readOnly)
            defer { log.close() }
            let store = log.store
            let filter = try selection.filter()
            var position = selection.from
            var remaining = limit ?? Int.max
            while remaining > 0 {
                let batch = try await store.read(after: position, limit: min(remaining, 1000), filter: filter)
                guard let last = batch.last else { break }
                for event in batch { EventLine.print(event) }
                remaining -= batch.count
                position = last.position
            }
        }
    }

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print events as JSON lines, then follow new appends until interrupted.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var selection: Selection

        func run() async throws {
            let log = try await database.openLog(.readOnly)
            defer { log.close() }
            let store = log.store
            for try await event in store.subscribe(after: selection.from, filter: try selection.filter()) {
                // Unbuffered, so a pipe reader sees each event as it arrives.
                FileHandle.standardOutput.write(Data((EventLine.json(event) + "\n").utf8))
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the hash chain and the append-only triggers; exit 1 naming the first bad position.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let log = try await database.openLog(.readOnly)
            defer { log.close() }
            let store = log.store
            let missing = try await store.missingAppendOnlyGuards()
            let report = try await store.verify()
            var out = JSONWriter()
            out.beginObject()
            out.key("event_count")
            out.int64(report.eventCount)
            out.key("first_bad_position")
            if let bad = report.firstBadPosition { out.int64(bad) } else { out.null() }
            out.key("head_hash")
            out.string(report.headHash)
            out.key("missing_triggers")
            out.beginArray()
            for name in missing { out.string(name) }
            out.endArray()
            out.key("ok")
            out.bool(report.isIntact && missing.isEmpty)
            out.key("problem")
            if let problem = report.problem { out.string(problem) } else { out.null() }
            out.endObject()
            print(out.text)
            if let bad = report.firstBadPosition {
                printError("event log broken at position \(bad): \(report.problem ?? "hash mismatch")")
                throw ExitCode.failure
            }
            if !missing.isEmpty {
                printError("append-only triggers missing: \(missing.joined(separator: ", "))")
                throw ExitCode.failure
            }
        }
    }
}

/// One event as a JSON line: its place, type, payload, metadata, time and hash.
enum EventLine {
    static func json(_ event: RecordedEvent) -> String {
        var out = JSONWriter()
        out.beginObject()
        out.key("hash")
        out.string(event.hash)
        out.key("metadata")
        out.raw(Array(event.metadata.canonicalJSON.utf8))
        out.key("payload")
        out.raw(event.payload)
        out.key("position")
        out.int64(event.position)
        out.key("recorded_at")
        out.string(event.recordedAt)
        out.key("schema_version")
        out.int(event.schemaVersion)
        out.key("stream")
        out.string(event.stream.rawValue)
        out.key("type")
        out.string(event.type)
        out.key("version")
        out.int64(event.version)
        out.endObject()
        return out.text
    }

    static func print(_ event: RecordedEvent) {
        Swift.print(json(event))
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
