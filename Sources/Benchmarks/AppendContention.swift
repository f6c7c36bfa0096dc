import EventSourcing
import Foundation

/// Many callers appending to one log at once, as one of several processes: the workload of the
/// multi-process test on PostgreSQL (`autoindex debug append-contention`).
///
/// Each caller appends `appends` requests, cycling through four kinds: to a stream of its own with
/// the exact expected version, to a stream every caller of every process shares (`any`), a request
/// with an idempotency key every process sends alike, and a `noStream` race every process runs for
/// the same stream name. The outcome says what each kind got, for the test to check across processes.
public struct AppendContention: Sendable {
    /// What one process saw.
    public struct Outcome: Codable, Sendable {
        /// Positions acknowledged to this process for writes of its own (own and shared streams,
        /// races won, idempotent requests it wrote or was answered with).
        public var positions: [Int64] = []
        /// Each idempotency key with the positions it answered.
        public var idempotent: [String: [Int64]] = [:]
        /// The race streams this process won.
        public var racesWon: [String] = []
        /// Races lost with `wrongExpectedVersion`.
        public var racesLost = 0
    }

    public let store: any EventStore
    /// Names this process's own streams.
    public let process: String

    public init(store: any EventStore, process: String) {
        self.store = store
        self.process = process
    }

    public func run(callers: Int, appends: Int) async throws -> Outcome {
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            for caller in 0..<callers {
                group.addTask { try await self.caller(caller, appends: appends) }
            }
            var total = Outcome()
            for try await outcome in group {
                total.positions += outcome.positions
                total.idempotent.merge(outcome.idempotent) { first, _ in first }
                total.racesWon += outcome.racesWon
                total.racesLost += outcome.racesLost
            }
            total.positions.sort()
            total.racesWon.sort()
            return total
        }
    }

    private func caller(_ caller: Int, appends: Int) async throws -> Outcome {
        var outcome = Outcome()
        var ownVersion: Int64 = 0
        let own = try StreamName("load-\(process)c\(caller)")
        for index in 0..<appends {
            let event = Self.event(#"{"caller":\#(caller),"n":\#(index),"process":"\#(process)"}"#)
            switch index % 4 {
            case 0:
                let result = try await store.append(
                    AppendRequest(stream: own, expectedVersion: .exact(ownVersion), events: [event]))
                ownVersion += 1
                outcome.positions += result.positions
            case 1:
                let result = try await store.append(AppendRequest(stream: try StreamName("shared-1"), events: [event]))
                outcome.positions += result.positions
            case 2:
                // The same request from every process and caller with this index: written once.
                let key = "contention-\(caller)-\(index)"
                let same = Self.event(#"{"key":"\#(key)"}"#)
                let result = try await store.append(
                    AppendRequest(
                        stream: try StreamName("keyed-c\(caller)i\(index)"), events: [same], idempotencyKey: key))
                outcome.idempotent[key] = result.positions
            default:
                let race = try StreamName("race-c\(caller)i\(index)")
                do {
                    let result = try await store.append(
                        AppendRequest(stream: race, expectedVersion: .noStream, events: [event]))
                    outcome.positions += result.positions
                    outcome.racesWon.append(race.rawValue)
                } catch EventStoreError.wrongExpectedVersion {
                    outcome.racesLost += 1
                }
            }
        }
        return outcome
    }

    /// An event with a canonical payload (keys sorted, no spaces).
    private static func event(_ payload: String) -> ProposedEvent {
        ProposedEvent(
            type: "ContentionProbed", schemaVersion: 1, payload: Data(payload.utf8),
            metadata: EventMetadata(actor: "contention", source: "debug"))
    }
}
