import AutoIndexDomain
import AutoIndexServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The original's web client sends back the whole object it got from `GET /strategy/config`; these
/// tests play that client against the configuration and the replay.
@Suite("Configuration round trip")
struct ConfigRoundTripTests {
    private static func head(_ client: some TestClientProtocol, _ token: String) async throws -> Int? {
        try TestServer.json(try await client.get("/api/v1/events?limit=1", token: token))["head"] as? Int
    }

    private static func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("GET /strategy/config answers every field of the table and the read-only names, nothing else")
    func getAnswersTheTable() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let config = try TestServer.json(try await client.get("/api/v1/strategy/config", token: admin))
            // A bound that is not set is left out, and the default sets no min_weight.
            #expect(StrategyDefaults.config.minWeight == nil)
            #expect(
                Set(config.keys)
                    == Set(StrategyField.all.map(\.name) + StrategyField.returnedReadOnly).subtracting(["min_weight"]))
            #expect(config["config_version"] as? Int == 1)
            #expect(config["min_price_threshold"] as? Double == config["min_price"] as? Double)
            #expect(config["rebalance_frequency"] as? String == "monthly")
            #expect(config["ai_adjusted"] as? Bool == false)
        }
    }

    @Test("the object GET answers goes back into PUT and replay unchanged: 200, nothing appended")
    func roundTrip() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let head = try #require(try await Self.head(client, admin))
            let read = try await client.get("/api/v1/strategy/config", token: admin)
            let object = String(buffer: read.body)

            let put = try await client.send(.put, "/api/v1/strategy/config", token: admin, json: object)
            #expect(put.status == .ok, "\(String(buffer: put.body))")
            let answer = try TestServer.json(put)
            #expect(answer["message"] as? String == "Configuration unchanged")
            #expect(answer["changed_fields"] as? [String] == [])
            #expect(answer["config_version"] as? Int == 1)
            #expect(answer["rebalanced"] as? Bool == false)

            let replay = try await client.send(
                .post, "/api/v1/strategy/replay", token: admin, json: #"{"config": \#(object)}"#)
            #expect(replay.status == .ok, "\(String(buffer: replay.body))")
            #expect(try TestServer.json(replay)["identical_values"] as? Bool == true)
            #expect(try await Self.head(client, admin) == head)
        }
    }

    @Test("an edited copy of the object changes only the edited field; a stale copy is 409 version_conflict")
    func editAndConflict() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            let read = try TestServer.json(try await client.get("/api/v1/strategy/config", token: admin))

            var edited = read
            edited["rebalance_frequency"] = "weekly"
            edited["reason"] = "weekly from the web client"
            let put = try await client.send(
                .put, "/api/v1/strategy/config", token: admin, json: try Self.text(edited))
            #expect(put.status == .ok, "\(String(buffer: put.body))")
            let answer = try TestServer.json(put)
            #expect(answer["changed_fields"] as? [String] == ["rebalance_frequency"])
            #expect(answer["config_version"] as? Int == 2)
            let position = try #require(answer["position"] as? Int)
            let now = try TestServer.json(
                try await client.get("/api/v1/strategy/config?min_position=\(position)", token: admin))
            #expect(now["reason"] as? String == "weekly from the web client")
            #expect(now["rebalance_frequency"] as? String == "weekly")

            // The second operator still holds version 1.
            let head = try await Self.head(client, admin)
            var stale = read
            stale["momentum_weight"] = 0.5
            stale["market_cap_weight"] = 0.2
            let conflict = try await client.send(
                .put, "/api/v1/strategy/config", token: admin, json: try Self.text(stale))
            #expect(conflict.status == .conflict)
            #expect(
                String(buffer: conflict.body)
                    == #"{"detail":"config_version 1 is not the version in force (2): read the configuration again and retry","status_code":409,"type":"version_conflict"}"#
            )
            let staleReplay = try await client.send(
                .post, "/api/v1/strategy/replay", token: admin, json: #"{"config": \#(try Self.text(read))}"#)
            #expect(staleReplay.status == .conflict)
            #expect(try TestServer.json(staleReplay)["type"] as? String == "version_conflict")
            #expect(try await Self.head(client, admin) == head)

            // Sent back as read, the new version is unchanged; without config_version no check is made.
            let same = try await client.send(
                .put, "/api/v1/strategy/config", token: admin, json: try Self.text(now))
            #expect(try TestServer.json(same)["message"] as? String == "Configuration unchanged")
            var unversioned = read
            unversioned.removeValue(forKey: "config_version")
            unversioned["rebalance_frequency"] = "weekly"
            let accepted = try await client.send(
                .put, "/api/v1/strategy/config", token: admin, json: try Self.text(unversioned))
            #expect(try TestServer.json(accepted)["message"] as? String == "Configuration unchanged")
            #expect(try await Self.head(client, admin) == head)
        }
    }

    @Test("a name neither settable nor returned is still 422; the original's min_price_threshold sets min_price")
    func unknownAndAlias() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let app = try await buildApplication(try await TestServer.seeded(scratch))
        try await app.test(.live) { client in
            let admin = try await client.register(TestServer.admin)
            var read = try TestServer.json(try await client.get("/api/v1/strategy/config", token: admin))
            let head = try await Self.head(client, admin)
            read["colour"] = "red"
            let unknown = try await client.send(
                .put, "/api/v1/strategy/config", token: admin, json: try Self.text(read))
            #expect(
                String(buffer: unknown.body)
                    == #"{"detail":"colour: unknown field","status_code":422,"type":"validation_error"}"#)
            #expect(try await Self.head(client, admin) == head)

            let alias = try await client.send(
                .put, "/api/v1/strategy/config", token: admin, json: #"{"min_price_threshold": 2.5}"#)
            #expect(alias.status == .ok, "\(String(buffer: alias.body))")
            #expect(try TestServer.json(alias)["changed_fields"] as? [String] == ["min_price"])

            let both = try await client.send(
                .put, "/api/v1/strategy/config", token: admin,
                json: #"{"min_price_threshold": 3.0, "min_price": 4.0}"#)
            #expect(
                String(buffer: both.body)
                    == #"{"detail":"min_price_threshold: 3.0 disagrees with min_price 4.0","status_code":422,"type":"validation_error"}"#
            )
        }
    }
}
