import EventStoreSQLite
import Foundation
import GRDB
import Testing

/// `autoindex verify replay`: the read models equal a replay of the log, and a changed row is found.
@Suite("autoindex verify replay")
struct ReplayVerificationTests {
    let cli = CommandLineTests()

    @Test("an untouched log replays to identical read models; a changed value is named by table, row and column")
    func replay() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try await TestServer.seeded(scratch).database.localFile

        let intact = try cli.autoindex(["verify", "replay", "--database", path])
        #expect(intact.status == 0, "\(intact.stderr)")
        #expect(intact.stdout.hasPrefix(#"{"first_difference":null,"position":"#))
        #expect(intact.stdout.hasSuffix(#""tables":27}"# + "\n"))

        let store = try SQLiteEventStore(path: path)
        try await store.database.write { db in
            try db.execute(
                sql: "UPDATE index_values SET value = value + 1e-9 WHERE date = (SELECT MIN(date) FROM index_values)")
        }
        let changed = try cli.autoindex(["verify", "replay", "--database", path])
        #expect(changed.status == 1)
        #expect(changed.stdout.contains(#""column":"value""#))
        #expect(changed.stdout.contains(#""detail":"a value differs""#))
        #expect(changed.stdout.contains(#""table":"index_values""#))
        #expect(changed.stderr.contains("index_values: a value differs in column value of row 0"))
    }
}
