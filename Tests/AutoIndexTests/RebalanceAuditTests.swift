import AutoIndexDomain
import AutoIndexServer
import EventStoreSQLite
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import IndexService
import Testing

/// The rebalance trail: every rebalance listed, each recomputed from its recorded inputs; an altered
/// price is caught by the chain and by the rebalance that used it.
@Suite("Rebalance audit")
struct RebalanceAuditTests {
    @Test("each rebalance verifies; after a price inside its window is altered, the chain and the rebalance fail")
    func trail() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let configuration = try await TestServer.seeded(scratch)
        // Unbounded weights, so they follow the prices (two assets under a 25 % cap cannot).
        var patch = StrategyConfigPatch()
        patch.maxWeight = .some(nil)
        patch.reason = "let the weights follow volatility"
        _ = try await IndexDesk(store: try SQLiteEventStore(path: configuration.databasePath)).changeConfig(
            patch, actor: "ops@example.com", recompute: true)
        let app = try await buildApplication(configuration)
        let (id, asOf) = try await app.test(.live) { client -> (String, String) in
            let admin = try await client.register(TestServer.admin)
            let list = try TestServer.json(try await client.get("/api/v1/audit/rebalances", token: admin))
            let entries = try #require(list["rebalances"] as? [[String: Any]])
            #expect(list["total"] as? Int == entries.count)
            #expect(entries.count >= 2)
            let last = try #require(entries.last)
            #expect(last["trigger"] as? String == "config_change")
            #expect(last["actor"] as? String == "ops@example.com")
            #expect(last["config_version"] as? Int == 2)
            #expect(entries.first?["trigger"] as? String == "initial")
            #expect(entries.first?["actor"] as? String == "system")
            let id = try #require(last["rebalance_id"] as? String)
            let verified = try TestServer.json(
                try await client.get("/api/v1/audit/rebalances/\(id)/verify", token: admin))
            #expect(verified["matches"] as? Bool == true)
            #expect((verified["differences"] as? [Any])?.isEmpty == true)
            let unknown = try await client.get("/api/v1/audit/rebalances/nope/verify", token: admin)
            #expect(unknown.status == .notFound)
            return (id, try #require(last["as_of_date"] as? String))
        }

        // Raise the AAPL close of the rebalance day by 10 %, with the append-only triggers dropped.
        let store = try SQLiteEventStore(path: configuration.databasePath)
        let position = try await store.database.write { db -> Int64 in
            try db.execute(sql: "DROP TRIGGER events_reject_update")
            let position = try #require(
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT position FROM events WHERE type = 'PriceFetched' AND stream = 'asset-AAPL'
                        AND json_extract(payload, '$.date') = ?
                        """, arguments: [asOf]))
            try db.execute(
                sql: """
                    UPDATE events SET payload = json_set(payload, '$.close',
                        printf('%.3f', CAST(json_extract(payload, '$.close') AS REAL) * 1.1)) WHERE position = ?
                    """,
                arguments: [position])
            return position
        }
        let cli = CommandLineTests()
        let chain = try cli.autoindex(["audit", "verify", "--database", configuration.databasePath])
        #expect(chain.status == 1)
        #expect(chain.stdout.contains(#""first_bad_position":\#(position)"#))
        let rebalance = try cli.autoindex(["audit", "rebalance", id, "--database", configuration.databasePath])
        #expect(rebalance.status == 1)
        #expect(rebalance.stdout.contains(#""matches":false"#))
        #expect(rebalance.stdout.contains(#""symbol":"AAPL""#))
        #expect(rebalance.stderr.contains("rebalance \(id) does not verify"))
    }
}
