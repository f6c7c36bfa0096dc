import AutoIndexDomain
import EventSourcing
import Foundation
import Testing

/// The account and refresh deciders: pure functions from a command and the state to the events.
@Suite("Account and refresh deciders")
struct AccountDeciderTests {
    private static func recorded(_ event: any DomainEvent, version: Int64, position: Int64) throws -> RecordedEvent {
        let proposed = try ProposedEvent(event, metadata: EventMetadata(actor: "system"))
        return RecordedEvent(
            position: position, stream: StreamName(unchecked: "user-u1"), version: version,
            type: proposed.type, schemaVersion: proposed.schemaVersion, payload: proposed.payload,
            metadata: proposed.metadata, recordedAt: "2024-01-01T00:00:00.000000Z",
            hash: String(repeating: "0", count: 64))
    }

    @Test("an account is what its stream says: registered, then granted; an empty stream is no account")
    func accountState() throws {
        #expect(try Account([]) == nil)
        let history = [
            try Self.recorded(
                UserRegistered(userId: "u1", email: "bo@example.com", passwordHash: "$2b$04$x", role: "user"),
                version: 1, position: 7),
            try Self.recorded(
                RoleGranted(userId: "u1", email: "bo@example.com", role: "admin", previousRole: "user", reason: nil),
                version: 2, position: 19),
        ]
        let account = try #require(try Account(history))
        #expect(account.role == .admin && account.version == 2 && account.position == 19)
        #expect(account.email == "bo@example.com")

        let back = try Accounts.grant(.user, reason: "left the team", to: account)
        #expect(back.parts.map(\.stream.description) == ["user-u1"])
        #expect(back.parts.first?.expectedVersion == .after(2))
        let event = try #require(back.parts.first?.events.first?.event as? RoleGranted)
        #expect(
            event
                == RoleGranted(
                    userId: "u1", email: "bo@example.com", role: "user", previousRole: "admin", reason: "left the team")
        )
        #expect(try Accounts.grant(.admin, reason: nil, to: account).isEmpty)
        #expect(throws: AccountError.unknownRole("root")) { try Accounts.role(named: "root") }
    }

    @Test("a registration names every problem before any password is hashed")
    func registrationProblems() throws {
        #expect(throws: AccountError.self) { try Accounts.validate(email: "not-an-address", password: "short") }
        do {
            _ = try Accounts.validate(email: "not-an-address", password: "Correct-Horse-9")
            Issue.record("an invalid address was accepted")
        } catch {
            guard case .invalid(let problems) = error else { throw error }
            #expect(problems.count == 1)
        }
        #expect(try Accounts.validate(email: " Bo@Example.com ", password: "Correct-Horse-9").text == "bo@example.com")
    }

    @Test("a refresh starts over every listed asset, or the symbols asked for, on a new refresh stream")
    func refreshStart() throws {
        let empty = RefreshStart.decide(
            refreshId: "r1", provider: "twelvedata", symbols: nil, ledger: MarketDataLedger())
        #expect(empty.symbols.isEmpty)
        #expect(empty.currencies == ["USD", "GBP", "JPY", "CHF"])
        #expect(empty.plan.parts.map(\.stream.description) == ["refresh-r1"])
        #expect(empty.plan.parts.first?.expectedVersion == .noStream)
        let asked = RefreshStart.decide(
            refreshId: "r2", provider: "twelvedata", symbols: ["KO", "AAPL"], ledger: MarketDataLedger())
        #expect(asked.symbols == ["KO", "AAPL"])
        let started = try #require(asked.plan.parts.first?.events.first?.event as? RefreshStarted)
        #expect(started == RefreshStarted(refreshId: "r2", provider: "twelvedata", symbols: ["KO", "AAPL"]))
    }
}
