import Foundation
import IndexEngine

@testable import AutoIndexDomain
@testable import EventSourcing

/// libFuzzer's entry point: one request body, decoded as every body the server decodes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequests(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    RequestsFuzz.run(Data(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}

/// Each body goes through Foundation's `JSONDecoder` into the server's DTOs (copied from
/// Sources/AutoIndexServer by `extract_server_bodies.py`) and `StrategyConfigPatch`, then into the
/// domain's deciders the handlers call. Invariants:
///
/// 1. No crash, no memory error, no hang.
/// 2. Decoding throws only `DecodingError`; a decider throws only its typed errors (which the error
///    middleware maps to 4xx), never anything else.
/// 3. A strategy change the decider accepts is a valid configuration (`StrategyField.problems` is
///    empty), names exactly the fields that changed, and its `ConfigUpdated` survives the log's round
///    trip (canonical JSON → `JSONReader` decoder) and the `GET` round trip (`Codable`).
/// 4. Every event a decider plans survives the log's round trip.
enum RequestsFuzz {
    static let current = ConfigUpdated(
        indexId: "sp500", configVersion: 3, config: StrategyDefaults.config, changedFields: StrategyConfig.fieldNames,
        reason: "seed")

    /// A second configuration in force, with the other bound set, so a patch meets both shapes.
    static let bounded: ConfigUpdated = {
        var config = StrategyDefaults.config
        config.minWeight = 0.01
        config.maxWeight = nil
        config.rebalanceFrequency = "drift:0.05"
        return ConfigUpdated(indexId: "sp500", configVersion: 9, config: config, changedFields: [], reason: nil)
    }()

    static let book = PriceBook(closes: [
        "AAPL": ["2024-01-02": "185.64", "2024-01-03": "184.25"],
        "MSFT": ["2024-01-02": "370.87", "2024-01-03": "370.60"],
        "SPX": ["2024-01-02": "4742.83", "2024-01-03": "4704.81"],
    ])

    static let portfolio: Portfolio = {
        var portfolio = Portfolio(
            PortfolioOpened(
                portfolioId: "p1", ownerId: "u1", name: "fuzz", mode: "manual", broker: "paper", commissionBps: 5,
                openedDate: "2024-01-02", indexId: "sp500"))
        portfolio.apply(CashDeposited(portfolioId: "p1", amount: "10000", date: "2024-01-02"))
        return portfolio
    }()

    static func run(_ body: Data) {
        if let patch = decode(StrategyConfigPatch.self, body) {
            checkStrategyChange(patch, over: current, body)
            checkStrategyChange(patch, over: bounded, body)
        }
        if let replay = decode(StrategyController.ReplayBody.self, body) {
            for date in [replay.startDate, replay.endDate].compactMap({ $0 }) { _ = TradingDate(date) }
            if let patch = replay.config { checkStrategyChange(patch, over: current, body) }
        }
        if let open = decode(OpenPortfolioBody.self, body) {
            let request = PortfolioRequest(
                name: open.name, initialCash: open.initialCash.text, mode: open.mode ?? "manual",
                startDate: open.startDate, commissionBps: open.commissionBps ?? 0, broker: open.broker ?? "paper")
            var ids = 0
            decide(body) {
                try Portfolios.open(
                    request, id: "p2", owner: "u1", indexId: "sp500", book: book,
                    rebalances: IndexRebalances(indexId: "sp500"),
                    makeId: {
                        ids += 1
                        return "id\(ids)"
                    })
            }
        }
        if let cash = decode(CashBody.self, body) {
            decide(body) { try Portfolios.moveCash(cash.amount.text, in: portfolio, book: book) }
        }
        if let order = decode(OrderBody.self, body) {
            place(
                OrderRequest(
                    symbol: order.symbol, side: order.side, notional: order.notional?.text,
                    quantity: order.quantity?.text, clientOrderId: order.clientOrderId), body)
        }
        if let order = decode(BrokerOrderBody.self, body) {
            place(
                OrderRequest(symbol: order.assetSymbol, side: order.type, notional: order.amount.text, quantity: nil),
                body)
        }
        if let credentials = decode(AuthController.Credentials.self, body) {
            do {
                let email = try Accounts.validate(email: credentials.email, password: credentials.password)
                decide(body) { try Accounts.register(userId: "u9", email: email, passwordHash: "x", role: .user) }
            } catch {
                check(!error.description.isEmpty, "AccountError without a reason", body)
            }
        }
        if let change = decode(UsersController.RoleChange.self, body) { _ = Role(rawValue: change.role) }
        if let simulation = decode(SimulationController.Body.self, body) {
            for date in [simulation.startDate, simulation.endDate].compactMap({ $0 }) { _ = TradingDate(date) }
        }
        _ = decode(StrategyController.RebalanceBody.self, body)
        _ = decode(ProjectionsController.RebuildBody.self, body)
        _ = decode(LiveSocketController.FirstMessage.self, body)
    }

    static func checkStrategyChange(_ patch: StrategyConfigPatch, over current: ConfigUpdated, _ body: Data) {
        let decision: StrategyConfigChange.Decision
        do {
            decision = try StrategyConfigChange.decide(patch, current: current, version: 41)
        } catch let error as StrategyConfigError {
            return check(!error.problems.isEmpty, "StrategyConfigError without a problem", body)
        } catch is StrategyConfigVersionConflict {
            return check(patch.configVersion != current.configVersion, "version conflict on the version in force", body)
        } catch {
            fail("StrategyConfigChange.decide threw \(type(of: error)): \(error)", body)
        }
        let next = decision.config.config
        check(StrategyField.problems(in: next).isEmpty, "accepted an invalid configuration: \(next)", body)
        let changed = StrategyField.changed(from: current.config, to: next)
        if decision.append.parts.isEmpty {
            check(changed.isEmpty && decision.config == current, "no event for a change of \(changed)", body)
            return
        }
        check(!changed.isEmpty && decision.config.changedFields == changed, "changed_fields is not \(changed)", body)
        check(decision.config.configVersion == current.configVersion + 1, "config_version did not step by one", body)
        roundTrip(decision.append, body)
        // GET /strategy/config answers the configuration through Codable; a client sends it back.
        do {
            let encoded = try JSONEncoder().encode(next)
            check(try JSONDecoder().decode(StrategyConfig.self, from: encoded) == next, "Codable round trip", body)
            let echoed = try JSONDecoder().decode(StrategyConfigPatch.self, from: encoded)
            check(echoed.unknownFields.isEmpty, "the configuration's own fields are unknown to a patch", body)
            check(echoed.applied(to: next) == next, "sending back the configuration changes it", body)
        } catch {
            fail("the accepted configuration does not survive Codable: \(error)", body)
        }
    }

    static func place(_ request: OrderRequest, _ body: Data) {
        var ids = 0
        do {
            let placement = try Portfolios.place(
                request, on: portfolio, book: book, rebalances: IndexRebalances(indexId: "sp500"),
                makeId: {
                    ids += 1
                    return "id\(ids)"
                })
            if case .placed(let plan, _) = placement { roundTrip(plan, body) }
        } catch {
            expectDomainError(error, "Portfolios.place", body)
        }
    }

    /// Runs a decider; its plan must survive the log's round trip, its errors be typed.
    static func decide(_ body: Data, _ decider: () throws -> PlannedAppend) {
        do {
            roundTrip(try decider(), body)
        } catch {
            expectDomainError(error, "a decider", body)
        }
    }

    static func roundTrip(_ plan: PlannedAppend, _ body: Data) {
        for event in plan.parts.flatMap({ $0.events.map(\.event) }) {
            let type = Swift.type(of: event)
            do {
                let payload = try CanonicalJSON.encode(event)
                let again = try JSONReader.read(payload) { reader in
                    try EventCatalog.decode(type: type.eventType, schemaVersion: type.schemaVersion, from: &reader)
                }
                check(AnyHashable(again) == AnyHashable(event), "\(type.eventType) changes in the log", body)
            } catch {
                fail("a planned \(type.eventType) does not survive the log: \(error)", body)
            }
        }
    }

    static func decode<Body: Decodable>(_: Body.Type, _ body: Data) -> Body? {
        do {
            return try JSONDecoder().decode(Body.self, from: body)
        } catch is DecodingError {
            return nil
        } catch {
            fail("decoding \(Body.self) threw \(type(of: error)), not DecodingError: \(error)", body)
        }
    }

    static func expectDomainError(_ error: any Error, _ what: String, _ body: Data) {
        switch error {
        case is PortfolioError, is AccountError, is EventStoreError: return
        default: fail("\(what) threw \(type(of: error)): \(error)", body)
        }
    }

    static func check(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String, _ body: Data) {
        do {
            if try !condition() { fail(message(), body) }
        } catch {
            fail("\(message()): \(error)", body)
        }
    }

    static func fail(_ message: String, _ body: Data) -> Never {
        let hex = body.map { String(format: "%02x", $0) }.joined()
        FileHandle.standardError.write(Data("\nFUZZ INVARIANT BROKEN: \(message)\ninput (hex): \(hex)\n".utf8))
        abort()
    }
}
