import AutoIndexServer
import EventSourcing
import EventStoreSQLite
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Projections
import Testing

/// Rebuilding read models while they are served and followed: swapped in whole, nothing skipped or
/// applied twice, and the admin endpoint that asks for it.
@Suite("Projection rebuild in service")
struct ProjectionRebuildTests {
    @Test(
        "rebuilds while the runner follows live appends neither skip nor repeat an event, and never show a half-built read model"
    )
    func rebuildWhileFollowing() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        for n in 1...300 {
            _ = try await store.append(
                AppendRequest(stream: TestEvents.stream("s-\(n % 5)"), events: [TestEvents.event(n)]))
        }
        // `counted` has the position as its primary key: an event applied twice stops the runner.
        let runner = ProjectionRunner(
            projectors: [CountingProjector(), LogStatisticsProjector()], store: store, database: store.database,
            batchSize: 50)
        // Prepared first, as `buildApplication` does: the first preparation builds the read models in
        // place, and is not what this test is about.
        try await runner.prepare()
        try await runner.catchUp()
        let follower = Task { try await runner.run() }
        let appender = Task {
            for n in 301...1500 {
                _ = try await store.append(
                    AppendRequest(stream: TestEvents.stream("s-\(n % 5)"), events: [TestEvents.event(n)]))
            }
        }
        let watcher = Task { () -> Int in
            var seen = 0
            var drops = 0
            while !Task.isCancelled {
                // A read cancelled with the watcher throws; only answered reads count.
                guard
                    let count = try? await store.database.read({ db in
                        try db.tableExists("counted")
                            ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM counted") ?? 0 : 0
                    })
                else { continue }
                if count < seen { drops += 1 }
                seen = max(seen, count)
                try? await Task.sleep(for: .milliseconds(1))
            }
            return drops
        }
        var reports: [RebuildReport] = []
        for _ in 0..<4 {
            reports += try await runner.rebuild()
            try await Task.sleep(for: .milliseconds(20))
        }
        try await appender.value
        let head = try await store.headPosition()
        #expect(head == 1500)
        #expect(try await runner.waitUntil("counting", reaches: head, timeout: .seconds(20)))
        #expect(try await runner.waitUntil("log_statistics", reaches: head, timeout: .seconds(20)))
        watcher.cancel()
        #expect(await watcher.value == 0)
        follower.cancel()
        _ = await follower.result

        #expect(reports.map(\.name) == Array(repeating: ["counting", "log_statistics"], count: 4).flatMap { $0 })
        #expect(reports.allSatisfy { $0.position <= head })
        let positions = try await store.database.read { db in
            try Int64.fetchAll(db, sql: "SELECT position FROM counted ORDER BY position")
        }
        #expect(positions == Array(1...1500))
        let replay = try DatabaseQueue(path: scratch.path("replay.sqlite"))
        let fresh = ProjectionRunner(projectors: [LogStatisticsProjector()], store: store, database: replay)
        try await fresh.prepare()
        try await fresh.catchUp()
        for table in LogStatisticsProjector().tables {
            let (rows, difference) = try ReplayVerification.compare(table, store.database, replay)
            #expect(rows > 0)
            #expect(difference == nil, "\(table)")
        }
    }

    @Test("POST /api/v1/projections/rebuild (admin) repairs a damaged read model, and its answers get a new ETag")
    func rebuildEndpoint() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let configuration = try await TestServer.seeded(scratch)
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let reader = try await client.register("reader@example.com")
            let history = try await client.get("/api/v1/index/history?limit=3", token: admin)
            let before = try #require(history.headers[.eTag])

            var settings = Configuration()
            settings.busyMode = .timeout(10)
            let database = try DatabaseQueue(path: configuration.database.localFile, configuration: settings)
            let valued = try await database.write { db in
                try db.execute(sql: "UPDATE index_values SET value = 0")
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE type = 'IndexValued'") ?? 0
            }
            try database.close()
            let damaged = try await client.get("/api/v1/index/history?limit=4", token: admin)
            #expect(String(buffer: damaged.body).contains(#""value":0"#))

            #expect(
                try await client.send(.post, "/api/v1/projections/rebuild", token: reader).status == .forbidden)
            let unknown = try await client.send(
                .post, "/api/v1/projections/rebuild", token: admin, json: #"{"projection": "nope"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(
                String(buffer: unknown.body).hasPrefix(
                    #"{"detail":"projection: no read model named nope; known: users, "#))

            let rebuilt = try await client.send(
                .post, "/api/v1/projections/rebuild", token: admin, json: #"{"projection": "index_history"}"#)
            #expect(rebuilt.status == .ok)
            let reports = try #require(try TestServer.json(rebuilt)["rebuilt"] as? [[String: Any]])
            #expect(reports.count == 1)
            #expect(reports.first?["name"] as? String == "index_history")
            #expect(reports.first?["rows"] as? Int == valued)
            let head = try #require(
                try TestServer.json(try await client.get("/api/v1/events?limit=1", token: admin))["head"] as? Int)
            #expect(reports.first?["position"] as? Int == head)

            let repaired = try await client.get("/api/v1/index/history?limit=3", token: admin)
            #expect(String(buffer: repaired.body) == String(buffer: history.body))
            #expect(repaired.headers[.eTag] != before)
            let again = try await client.get("/api/v1/index/history?limit=4", token: admin)
            #expect(!String(buffer: again.body).contains(#""value":0"#))

            let all = try await client.send(.post, "/api/v1/projections/rebuild", token: admin)
            let names = try #require(try TestServer.json(all)["rebuilt"] as? [[String: Any]]).map {
                $0["name"] as? String
            }
            #expect(names == ShippedProjectors.all.map(\.name))
        }
    }
}
