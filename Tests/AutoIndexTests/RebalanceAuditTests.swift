import AutoIndexDomain
import AutoIndexServer
import Crypto
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
    /// The synthetic market with its index, then configuration version 2 set by ops@example.com, which
    /// rebalances: unbounded weights, so they follow the prices (two assets under a 25 % cap cannot).
    static func seededAndChanged(_ scratch: ScratchDirectory) async throws -> AppConfiguration {
        let configuration = try await TestServer.seeded(scratch)
        var patch = StrategyConfigPatch()
        patch[\.maxWeight] = .some(nil)
        patch.reason = "let the weights follow volatility"
        _ = try await IndexDesk(store: try SQLiteEventStore(path: configuration.database.localFile)).changeConfig(
            patch, actor: "ops@example.com", recompute: true)
        return configuration
    }

    @Test("each rebalance verifies; after a price inside its window is altered, the chain and the rebalance fail")
    func trail() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let configuration = try await Self.seededAndChanged(scratch)
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
        let store = try SQLiteEventStore(path: configuration.database.localFile)
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
        let chain = try cli.autoindex(["audit", "verify", "--database", configuration.database.localFile])
        #expect(chain.status == 1)
        #expect(chain.stdout.contains(#""first_bad_position":\#(position)"#))
        let rebalance = try cli.autoindex(["audit", "rebalance", id, "--database", configuration.database.localFile])
        #expect(rebalance.status == 1)
        #expect(rebalance.stdout.contains(#""matches":false"#))
        #expect(rebalance.stdout.contains(#""symbol":"AAPL""#))
        #expect(rebalance.stderr.contains("rebalance \(id) does not verify"))
        // The detail names the altered event among the inputs that rebalance read.
        let detail = try cli.autoindex(["audit", "detail", id, "--database", configuration.database.localFile])
        #expect(detail.status == 0)
        #expect(detail.stdout.contains(#"{"date":"\#(asOf)","hash":"#))
        #expect(detail.stdout.contains(#""position":\#(position),"symbol":"AAPL","type":"PriceFetched""#))
    }

    @Test(
        "a rebalance's detail names who asked, the configuration and who set it, each price event it read with its hash, the weights and the values that followed"
    )
    func detail() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let configuration = try await Self.seededAndChanged(scratch)
        let log = try await SQLiteEventStore(path: configuration.database.localFile).read(after: 0, limit: 100_000)
        let recorded = Dictionary(uniqueKeysWithValues: log.map { ($0.position, $0) })
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let entries = try #require(
                try TestServer.json(try await client.get("/api/v1/audit/rebalances", token: admin))["rebalances"]
                    as? [[String: Any]])
            #expect(entries.count >= 3)
            let (middle, next) = (entries[1], entries[2])
            let id = try #require(middle["rebalance_id"] as? String)
            let detail = try TestServer.json(try await client.get("/api/v1/audit/rebalances/\(id)", token: admin))
            for key in ["rebalance_id", "as_of_date", "trigger", "actor", "recorded_at", "position"] {
                #expect("\(detail[key] ?? "nil")" == "\(middle[key] ?? "nil")", "\(key)")
            }
            let own = try #require(detail["events"] as? [[String: Any]])
            #expect(
                own.map { $0["type"] as? String } == ["RebalanceRequested", "WeightsCalculated", "AllocationChanged"])
            for event in own {
                let position = try #require(event["position"] as? Int)
                let stored = try #require(recorded[Int64(position)])
                #expect(event["hash"] as? String == stored.hash)
                #expect(stored.metadata.correlationId == id)
            }
            let config = try #require(detail["config"] as? [String: Any])
            #expect(config["config_version"] as? Int == 1)
            #expect(config["set_by"] as? String == "system")

            // The inputs, found independently in the raw log: the closes of the weighed assets in the
            // window, recorded by the last input position.
            let inputs = try #require(detail["inputs"] as? [String: Any])
            let start = try #require(inputs["start_date"] as? String)
            let end = try #require(inputs["end_date"] as? String)
            let last = Int64(try #require(inputs["last_input_position"] as? Int))
            let weighed = Set(
                try #require(detail["components"] as? [[String: Any]]).compactMap { $0["symbol"] as? String })
            #expect(weighed == ["AAPL", "KO"])
            let expected = try log.filter { event in
                guard event.type == PriceFetched.eventType, event.position <= last else { return false }
                let price = try event.decode(PriceFetched.self)
                return weighed.contains(price.symbol) && price.date >= start && price.date <= end
            }
            let listed = try #require(inputs["events"] as? [[String: Any]])
            #expect(listed.compactMap { ($0["position"] as? Int).map(Int64.init) } == expected.map(\.position))
            #expect(listed.map { $0["hash"] as? String } == expected.map(\.hash))
            #expect(inputs["count"] as? Int == expected.count)
            #expect(expected.count > 100)
            let text = expected.map { $0.hash + "\n" }.joined()
            let digest = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(inputs["digest"] as? String == digest)

            // The values that followed: every index value after its day, through the next rebalance's.
            let from = try #require(middle["as_of_date"] as? String)
            let through = try #require(next["as_of_date"] as? String)
            let history = try #require(
                try TestServer.json(try await client.get("/api/v1/index/history", token: admin))["series"]
                    as? [[String: Any]])
            let following = try #require(detail["following_values"] as? [[String: Any]])
            #expect(
                following.map { $0["date"] as? String }
                    == history.compactMap { $0["date"] as? String }.filter { $0 > from && $0 <= through })
            #expect(
                following.first?["value"] as? Double == history.first { ($0["date"] as? String ?? "") > from }?["value"]
                    as? Double)

            // The configuration change: its author and reason, new weights equal to the allocation served.
            let latestId = try #require(entries.last?["rebalance_id"] as? String)
            let latest = try TestServer.json(try await client.get("/api/v1/audit/rebalances/\(latestId)", token: admin))
            let latestConfig = try #require(latest["config"] as? [String: Any])
            #expect(latestConfig["config_version"] as? Int == 2)
            #expect(latestConfig["set_by"] as? String == "ops@example.com")
            #expect(latestConfig["reason"] as? String == "let the weights follow volatility")
            #expect((latest["following_values"] as? [Any])?.isEmpty == true)
            let current = try #require(
                try TestServer.json(try await client.get("/api/v1/index/current", token: admin))["allocations"]
                    as? [[String: Any]])
            let served = Dictionary(
                uniqueKeysWithValues: current.map { ($0["symbol"] as? String ?? "", $0["weight"] as? Double ?? -1) })
            let decided = try #require(latest["new_weights"] as? [[String: Any]])
            #expect(
                Dictionary(
                    uniqueKeysWithValues: decided.map { ($0["symbol"] as? String ?? "", $0["weight"] as? Double ?? -2) }
                )
                    == served)

            let unknown = try await client.get("/api/v1/audit/rebalances/nope", token: admin)
            #expect(
                String(buffer: unknown.body)
                    == #"{"detail":"Rebalance nope not found","status_code":404,"type":"not_found"}"#)
            let reader = try await client.register("reader@example.com")
            #expect(try await client.get("/api/v1/audit/rebalances/\(id)", token: reader).status == .forbidden)
        }
    }
}
