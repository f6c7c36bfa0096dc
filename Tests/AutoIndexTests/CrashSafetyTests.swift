import EventSourcing
import EventStoreSQLite
import Foundation
import GRDB
import Projections
import Testing

@Suite("Crash safety across processes")
struct CrashSafetyTests {
    @Test(
        "after SIGKILL every acknowledged append is present, the chain verifies, projections resume to a rebuild's result"
    )
    func killedWriterLosesNothingAcknowledged() async throws {
        let executable = try #require(
            PackagePaths.autoindexExecutable, "the autoindex executable must be built beside the tests")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("crash.sqlite")

        for round in 1...3 {
            let acknowledged = try await Self.runAndKill(
                executable: executable, database: path, afterAcknowledgements: 150 * round)
            let store = try SQLiteEventStore(path: path)
            let head = try await store.headPosition()
            let highest = try #require(acknowledged.max())
            #expect(head >= highest, "round \(round): head \(head) is behind acknowledged \(highest)")
            let positions = Set(try await store.read(after: 0, limit: Int(head) + 1).map(\.position))
            #expect(acknowledged.allSatisfy(positions.contains), "round \(round): an acknowledged append is missing")
            let report = try await store.verify()
            #expect(report.isIntact, "round \(round): \(report.problem ?? "")")
            #expect(report.eventCount == head)

            // Resume every projection from its checkpoint, then compare with a rebuild from 0.
            let runner = store.projectionRunner()
            let checkpoints = try await runner.status().map(\.checkpoint)
            #expect(checkpoints.allSatisfy { $0 <= head })
            try await runner.prepare()
            try await runner.catchUp()
            #expect(try await runner.status().allSatisfy { $0.checkpoint == head })
            let resumed = try await dumpReadModels(store.database, runner: runner)
            try await runner.rebuild()
            let rebuilt = try await dumpReadModels(store.database, runner: runner)
            #expect(resumed == rebuilt, "round \(round): resumed read models differ from a full rebuild")
            #expect(resumed["users"]?.count == Int(head / 2))
        }

        // Leave the appended payloads for `.ci/run` to validate against the JSON Schemas.
        let store = try SQLiteEventStore(path: path)
        let lines = try await store.read(after: 0, limit: 400).map { event in
            #"{"payload":\#(String(decoding: event.payload, as: UTF8.self)),"schema_version":\#(event.schemaVersion),"type":"\#(event.type)"}"#
        }
        try FileManager.default.createDirectory(at: PackagePaths.payloadDump, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(
            to: PackagePaths.payloadDump.appendingPathComponent("append-loop.ndjson"), atomically: true, encoding: .utf8
        )
    }

    /// Starts `autoindex debug append-loop` (with `options` after the database), reads its
    /// acknowledgements, and SIGKILLs it.
    static func runAndKill(
        executable: URL, database: String, options: [String] = [], afterAcknowledgements count: Int
    ) async throws -> [Int64] {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["debug", "append-loop", "--database", database] + options
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var acknowledged: [Int64] = []
        var pending = Data()
        let handle = output.fileHandleForReading
        while acknowledged.count < count {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                if line.hasPrefix("appended "), let position = Int64(line.dropFirst("appended ".count)) {
                    acknowledged.append(position)
                }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // Whatever arrived before the kill was acknowledged too.
        let rest = handle.readDataToEndOfFile()
        for line in String(decoding: pending + rest, as: UTF8.self).split(separator: "\n")
        where line.hasPrefix("appended ") && line.count > 9 {
            if let position = Int64(line.dropFirst("appended ".count)) { acknowledged.append(position) }
        }
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(acknowledged.count >= count)
        return acknowledged
    }
}

/// Every row of every read-model table, as text, for comparing read models.
func dumpReadModels(_ database: DatabasePool, runner: ProjectionRunner) async throws -> [String: [String]] {
    let tables = runner.projectors.flatMap(\.tables)
    return try await database.read { db in
        var dump: [String: [String]] = [:]
        for table in tables {
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY 1")
            dump[table] = rows.map { $0.description }
        }
        return dump
    }
}

extension SQLiteEventStore {
    func projectionRunner(_ projectors: [any Projector] = ShippedProjectors.all) -> ProjectionRunner {
        ProjectionRunner(projectors: projectors, store: self, database: database)
    }
}
