import AsyncHTTPClient
import Benchmarks
import EventSourcing
import EventStorePostgres
import Foundation
import IndexService
import MarketData
import NIOCore
import Testing

/// What only several processes on one PostgreSQL log can break: positions, the chain, idempotency
/// keys and expected versions under writers in four processes, and three `serve` instances sharing
/// one log. Runs when `AUTOINDEX_TEST_POSTGRES_URL` is set (`.ci/run` sets it).
@Suite("PostgreSQL: several processes", .enabled(if: PostgresTestDatabase.isConfigured), .serialized)
struct PostgresProcessesTests {
    @Test("4 processes × 16 callers with 2 subscribers: every position once, in order; keys and races across processes")
    func contention() async throws {
        let location = try PostgresTestDatabase.freshLocation()
        let setup = try await PostgresTestDatabase.makeStore(location: location)
        defer { setup.close() }
        let (processes, callers, appends) = (4, 16, 40)
        // Own and shared appends from everyone; keyed requests and races written once each.
        let total = Int64(processes * callers * appends / 2 + callers * appends / 2)

        let subscribers = try await (0..<2).asyncMap { _ in try await PostgresEventStore.open(location) }
        defer { for subscriber in subscribers { subscriber.close() } }
        let outcomes = try await withThrowingTaskGroup(of: Result.self) { group in
            for subscriber in subscribers {
                group.addTask {
                    var seen: [Int64] = []
                    for try await event in subscriber.subscribe(after: 0, batchSize: 100) {
                        seen.append(event.position)
                        if seen.count == total { break }
                    }
                    return .seen(seen)
                }
            }
            for process in 0..<processes {
                group.addTask {
                    let run = try CommandLineTests().autoindex([
                        "debug", "append-contention", "--database", PostgresTestDatabase.url(location),
                        "--process", "p\(process)", "--callers", "\(callers)", "--appends", "\(appends)",
                    ])
                    #expect(run.status == 0, "\(run.stderr)")
                    return .outcome(
                        try JSONDecoder().decode(AppendContention.Outcome.self, from: Data(run.stdout.utf8)))
                }
            }
            var seen: [[Int64]] = []
            var outcomes: [AppendContention.Outcome] = []
            for try await result in group {
                switch result {
                case .seen(let positions): seen.append(positions)
                case .outcome(let outcome): outcomes.append(outcome)
                }
            }
            for positions in seen { #expect(positions == Array(1...total)) }
            return outcomes
        }

        #expect(try await setup.headPosition() == total)
        // Every position acknowledged to exactly one writer, or to every sender of one keyed request.
        let keyed = outcomes.map(\.idempotent)
        var answers: [String: Set<[Int64]>] = [:]
        for map in keyed { for (key, positions) in map { answers[key, default: []].insert(positions) } }
        #expect(answers.count == callers * appends / 4)
        #expect(
            answers.values.allSatisfy { $0.count == 1 }, "a key answered different positions in different processes")
        let written = outcomes.flatMap(\.positions) + answers.values.flatMap { $0.first ?? [] }
        #expect(written.sorted() == Array(1...total))
        // Each race has one winner across the four processes.
        let won = outcomes.flatMap(\.racesWon)
        #expect(won.count == callers * appends / 4)
        #expect(Set(won).count == won.count)
        #expect(outcomes.map(\.racesLost).reduce(0, +) == (processes - 1) * callers * appends / 4)
        for stream in ["shared-1", "load-p0c0", "race-c0i3"] {
            let versions = try await setup.read(stream: try StreamName(stream)).map(\.version)
            #expect(versions == Array(1...Int64(versions.count)))
        }
        let verification = try await setup.verify()
        #expect(verification.isIntact && verification.eventCount == total)
        let audit = try CommandLineTests().autoindex([
            "audit", "verify", "--database", PostgresTestDatabase.url(location),
        ])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains(#""event_count":\#(total)"#))
    }

    private enum Result: Sendable {
        case seen([Int64])
        case outcome(AppendContention.Outcome)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}
