import AlpacaBroker
import ArgumentParser
import AutoIndexDomain
import AutoIndexServer
import EventSourcing
import EventStoreSQLite
import Foundation
import PortfolioService
import Projections

/// `autoindex portfolio …`: the operator's hand on portfolios, through the same desk and read models
/// as the API. Commands act for the portfolio's owner with the operator recorded as the actor.
struct PortfolioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio",
        abstract: "Open, fund, trade and inspect portfolios; settle the paper broker.",
        subcommands: [
            Create.self, List.self, Show.self, Cash.self, Order.self, Orders.self, Cancel.self, History.self,
            Close.self, Settle.self, BrokerAccount.self,
        ]
    )

    /// The log, the desk and the read models of one command.
    struct Session {
        let log: EventLog
        let desk: PortfolioDesk
        let runner: ProjectionRunner
        let actor: String

        init(_ database: DatabaseOptions, actor: String) async throws {
            log = try await database.openLog()
            desk = PortfolioDesk(store: log.store, brokers: Self.brokers())
            runner = try log.projectionRunner()
            self.actor = actor
            try await runner.prepare()
        }

        /// Alpaca, when `ALPACA_API_KEY_ID` and `ALPACA_API_SECRET_KEY` are set.
        static func brokers() -> [Broker] {
            AlpacaConfiguration(environment: ProcessInfo.processInfo.environment).map { [Broker.alpaca($0)] } ?? []
        }

        /// The read models, caught up with everything appended so far.
        func views() async throws -> PortfolioViews {
            try await runner.catchUp()
            return PortfolioViews(database: try log.readModels())
        }

        /// The registered user with this email, from the caught-up read models.
        /// - Throws: a usage error when there is none.
        func user(_ email: String) async throws -> UserRecord {
            try await runner.catchUp()
            let normalized = (try? EmailAddress(email))?.text ?? email
            guard let user = try await UserQueries(database: try log.readModels()).user(email: normalized) else {
                throw ValidationError("no user with the email \(email)")
            }
            return user
        }

        /// The owner of a portfolio (the operator acts for them).
        func owner(of id: String) async throws -> String {
            try await desk.portfolio(id, owner: nil).opened.ownerId
        }

        /// Runs a portfolio command; its refusal is a usage error naming what was wrong.
        func run<Result>(_ body: () async throws -> Result) async throws -> Result {
            do {
                return try await body()
            } catch let error as PortfolioError {
                throw ValidationError(error.description)
            }
        }
    }

    struct Options: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The actor recorded on the events appended.")
        var actor = "operator"
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a portfolio for a registered user.")
        @OptionGroup var options: Options
        @Option(help: "The owner's email.") var owner: String
        @Option(help: "The portfolio's name.") var name: String
        @Option(help: "The initial deposit, USD.") var cash: String
        @Option(help: "manual or follow_index.") var mode = "manual"
        @Option(help: "follow_index only: open at this date (YYYY-MM-DD) and follow every rebalance since.")
        var startDate: String?
        @Option(help: "Commission in basis points of each fill.") var commissionBps = 0

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            let user = try await session.user(owner)
            let outcome = try await session.run {
                try await session.desk.open(
                    PortfolioRequest(
                        name: name, initialCash: cash, mode: mode, startDate: startDate, commissionBps: commissionBps),
                    owner: user.userId, actor: session.actor, source: "cli")
            }
            try printJSON(try await session.views().portfolio(outcome.portfolio.id))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List portfolios, a user's or everyone's.")
        @OptionGroup var options: Options
        @Option(help: "Only this user's (email).") var owner: String?

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            let views = try await session.views()
            var ownerId: String?
            if let owner { ownerId = try await session.user(owner).userId }
            try printJSON(try await views.list(ownedBy: ownerId))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A portfolio: cash, positions, value and returns.")
        @OptionGroup var options: Options
        @Argument(help: "The portfolio's id.") var id: String

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            try printJSON(try await session.run { try await session.views().portfolio(id) })
        }
    }

    struct Cash: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deposit (positive) or withdraw (negative) cash.")
        @OptionGroup var options: Options
        @Argument(help: "The portfolio's id.") var id: String
        @Option(help: "USD; negative to withdraw.") var amount: String

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            try await session.run {
                _ = try await session.desk.moveCash(
                    amount, portfolio: id, owner: try await session.owner(of: id), actor: session.actor, source: "cli")
            }
            try printJSON(try await session.views().portfolio(id))
        }
    }

    struct Order: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Place a market order; the paper broker fills it at the symbol's next close.")
        @OptionGroup var options: Options
        @Argument(help: "The portfolio's id.") var id: String
        @Option(help: "A listed symbol, or INDEX for the basket.") var symbol: String
        @Option(help: "BUY or SELL.") var side: String
        @Option(help: "USD to trade.") var notional: String?
        @Option(help: "Units to trade.") var quantity: String?
        @Option(help: "Your id for the order; a repeat returns the first.") var clientOrderId: String?

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            let placed = try await session.run {
                try await session.desk.place(
                    OrderRequest(
                        symbol: symbol, side: side, notional: notional, quantity: quantity,
                        clientOrderId: clientOrderId),
                    portfolio: id, owner: try await session.owner(of: id), actor: session.actor, source: "cli")
            }
            try printJSON(try await session.views().order(placed.order.id, of: id))
        }
    }

    struct Orders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A portfolio's orders, in placement order.")
        @OptionGroup var options: Options
        @Argument(help: "The portfolio's id.") var id: String
        @Option(help: "pending, filled, rejected or canceled.") var status: String?
        @Option(help: "At most this many.") var limit = 1000
        @Option(help: "Skip this many first.") var offset = 0

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            let views = try await session.views()
            _ = try await session.run { try await views.portfolio(id) }
            try printJSON(try await views.orders(of: id, status: status, limit: limit, offset: offset))
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a pending order.")
        @OptionGroup var options: Options
        @Argument(help: "The portfolio's id.") var id: String
        @Argument(help: "The order's id.") var orderId: String

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            try await session.run {
                _ = try await session.desk.cancel(
                    order: orderId, portfolio: id, owner: try await session.owner(of: id), actor: session.actor,
                    source: "cli")
            }
            try printJSON(try await session.views().order(orderId, of: id))
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A portfolio's value at every close since it opened.")
        @OptionGroup var options: Options
        @Argument(help: "The portfolio's id.") var id: String
        @Option(help: "The first date, YYYY-MM-DD.") var startDate: String?
        @Option(help: "The last date, YYYY-MM-DD.") var endDate: String?

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            let views = try await session.views()
            _ = try await session.run { try await views.portfolio(id) }
            try printJSON(try await views.history(of: id, from: startDate, to: endDate, limit: nil, offset: 0))
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a portfolio, cancelling its pending orders.")
        @OptionGroup var options: Options
        @Argument(help: "The portfolio's id.") var id: String

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            try await session.run {
                _ = try await session.desk.close(
                    portfolio: id, owner: try await session.owner(of: id), actor: session.actor, source: "cli")
            }
            try printJSON(try await session.views().portfolio(id))
        }
    }

    struct Settle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fill due orders and follow new rebalances now (the server does this by itself).")
        @OptionGroup var options: Options

        func run() async throws {
            let session = try await Session(options.database, actor: options.actor)
            try printJSONLine(SettlementLine(try await session.desk.settle()))
        }
    }
}

extension PortfolioCommand {
    struct BrokerAccount: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "broker",
            abstract: "Alpaca's account and positions, to reconcile with the alpaca portfolios (needs its keys).")

        struct Report: Encodable {
            var account: AutoIndexDomain.BrokerAccount
            var positions: [BrokerPosition]
        }

        func run() async throws {
            guard let broker = Session.brokers().first else {
                throw ValidationError("set ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY to read Alpaca's account")
            }
            do {
                try printJSON(Report(account: try await broker.account(), positions: try await broker.positions()))
            } catch let error as BrokerError {
                throw ValidationError("Alpaca: \(error)")
            }
        }
    }
}

/// What a settlement appended, as a JSON line.
struct SettlementLine: Encodable {
    var portfoliosSettled: Int
    var eventsAppended: Int
    var lastPosition: Int64?

    init(_ settlement: PortfolioDesk.Settlement) {
        portfoliosSettled = settlement.portfolios
        eventsAppended = settlement.events
        lastPosition = settlement.position
    }

    enum CodingKeys: String, CodingKey {
        case portfoliosSettled = "portfolios_settled"
        case eventsAppended = "events_appended"
        case lastPosition = "last_position"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(portfoliosSettled, forKey: .portfoliosSettled)
        try container.encode(eventsAppended, forKey: .eventsAppended)
        try container.encode(lastPosition, forKey: .lastPosition)
    }
}

/// Runs the paper broker and the index follower after a command that appended closes or rebalances,
/// printing what they appended, if anything (a running server does the same by itself).
func settlePortfolios(_ store: any EventStore) async throws {
    let settlement = try await PortfolioDesk(store: store).settle()
    if settlement.events > 0 { try printJSONLine(SettlementLine(settlement)) }
}
