import ArgumentParser
import AutoIndexDomain
import AutoIndexServer
import EventSourcing
import EventStorePostgres
import Foundation
import Logging

/// `autoindex migrate-schema`: creates or upgrades the log's tables in PostgreSQL, as the schema's owner.
struct MigrateSchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-schema",
        abstract:
            "Create or upgrade the log's tables in a PostgreSQL database (run as the schema owner), and grant the service role INSERT and SELECT on them."
    )

    @Option(
        help: "The database, as the schema owner: postgresql://owner:password@host:port/db (default: DATABASE_URL).")
    var database: String?

    @Option(help: "The role the service runs as: gets INSERT and SELECT on the log and nothing else.")
    var grant: String?

    func run() async throws {
        let url = database ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        guard PostgresLocation.isPostgresURL(url) else {
            throw ValidationError("migrate-schema needs a postgresql:// URL (--database or DATABASE_URL)")
        }
        let location: PostgresLocation
        do { location = try PostgresLocation(url: url) } catch { throw ValidationError("\(error)") }
        let report = try await PostgresSchemaMigration.run(
            location, grantingTo: grant, logger: Logger(label: "autoindex.migrate-schema"))
        try printJSONLine(report)
    }
}

/// `autoindex migrate`: copies a log, byte for byte, into an empty PostgreSQL log.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract:
            "Copy a log (positions, versions, recorded_at, hashes and idempotency keys) into a PostgreSQL log, checking the chain as it goes."
    )

    @Option(help: "The log to copy: sqlite:///path, a file path or postgresql://…")
    var from: String

    @Option(help: "The PostgreSQL log to copy into (its schema migrated, and empty unless --resume).")
    var to: String

    @Flag(help: "Continue a copy that was interrupted: the target must hold exactly the source's first events.")
    var resume = false

    @Option(help: "Events per transaction.")
    var batch = 5000

    /// What a migration did, printed as one JSON line.
    struct Report: Encodable {
        var copied: Int64
        var resumedAfter: Int64
        var eventCount: Int64
        var headHash: String
        var sourceHeadHash: String
        var idempotencyKeys: Int

        enum CodingKeys: String, CodingKey {
            case copied
            case resumedAfter = "resumed_after"
            case eventCount = "event_count"
            case headHash = "head_hash"
            case sourceHeadHash = "source_head_hash"
            case idempotencyKeys = "idempotency_keys"
        }
    }

    func run() async throws {
        guard (1...50_000).contains(batch) else { throw ValidationError("--batch must be from 1 to 50000") }
        let sourceLocation = try location(from)
        if case .sqlite(let path) = sourceLocation, !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("there is no log at \(path)")
        }
        let source = try await EventLog.open(sourceLocation, upcasters: .none, access: .readOnly)
        defer { source.close() }
        guard case .postgres(let targetLocation, _) = try location(to) else {
            throw ValidationError("--to must be a postgresql:// URL")
        }
        let target: PostgresEventStore
        do {
            target = try await PostgresEventStore.open(targetLocation)
        } catch let error as PostgresSchemaError {
            throw ValidationError(error.description)
        }
        defer { target.close() }

        let start = try await resumePoint(source: source.store, target: target)
        var position = start
        var keys = 0
        while true {
            let events = try await source.store.exportedEvents(after: position, limit: batch)
            guard let first = events.first, let last = events.last else { break }
            let records = try await source.store.idempotencyRecords(lastPositionIn: first.position...last.position)
            do {
                position = try await target.importRecords(events, idempotency: records)
            } catch EventStoreError.corruptRecord(let reason) {
                printError("the source's chain breaks; nothing after position \(position) was copied: \(reason)")
                throw ExitCode(1)
            }
            keys += records.count
            printError("copied through position \(position)")
        }
        let (copy, original) = (try await target.verify(), try await source.store.verify())
        try printJSONLine(
            Report(
                copied: position - start, resumedAfter: start, eventCount: copy.eventCount, headHash: copy.headHash,
                sourceHeadHash: original.headHash, idempotencyKeys: keys))
        guard copy.isIntact, copy.eventCount == original.eventCount, copy.headHash == original.headHash else {
            printError("the copy does not match the source: \(copy.problem ?? "different event count or head hash")")
            throw ExitCode(1)
        }
    }

    private func location(_ text: String) throws -> LogLocation {
        do { return try LogLocation(text) } catch { throw ValidationError("\(error)") }
    }

    /// Where to continue: 0 for an empty target; with `--resume`, the target's head when the target
    /// holds exactly the source's first events.
    private func resumePoint(source: any EventStore, target: PostgresEventStore) async throws -> Int64 {
        let head = try await target.headPosition()
        guard head > 0 else { return 0 }
        guard resume else {
            throw ValidationError(
                "the target already holds \(head) events; migrate copies into an empty log (pass --resume to continue an interrupted copy of this source)"
            )
        }
        let theirs = try await target.exportedEvents(after: head - 1, limit: 1).first
        let ours = try await source.exportedEvents(after: head - 1, limit: 1).first
        guard let theirs, let ours, theirs == ours else {
            throw ValidationError(
                "the target's \(head) events are not the source's first \(head): cannot resume (position \(head) differs)"
            )
        }
        printError("resuming after position \(head)")
        return head
    }
}
