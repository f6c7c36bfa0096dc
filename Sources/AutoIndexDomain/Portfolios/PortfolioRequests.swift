import Foundation

/// What a user asks for when opening a portfolio; amounts as the decimal text they sent.
public struct PortfolioRequest: Sendable, Hashable {
    public var name: String
    public var initialCash: String
    public var mode: String
    public var startDate: String?
    public var commissionBps: Int
    public var broker: String

    public init(
        name: String, initialCash: String, mode: String = "manual", startDate: String? = nil, commissionBps: Int = 0,
        broker: String = "paper"
    ) {
        self.name = name
        self.initialCash = initialCash
        self.mode = mode
        self.startDate = startDate
        self.commissionBps = commissionBps
        self.broker = broker
    }
}

/// What a user asks for when placing an order: a notional in USD or a quantity of units.
public struct OrderRequest: Sendable, Hashable {
    public var symbol: String
    public var side: String
    public var notional: String?
    public var quantity: String?
    public var clientOrderId: String?

    public init(symbol: String, side: String, notional: String?, quantity: String?, clientOrderId: String? = nil) {
        self.symbol = symbol
        self.side = side
        self.notional = notional
        self.quantity = quantity
        self.clientOrderId = clientOrderId
    }
}

/// The checks the requests share, each naming its field.
enum PortfolioRules {
    static let maxCommissionBps = 1000
    static let maxAmount = Decimal(1_000_000_000_000)

    /// A positive amount of USD with at most two decimals, or the problem.
    static func amount(_ text: String, field: String, allowNegative: Bool = false) -> Result<Decimal, Problem> {
        guard let value = Money.parse(text) else {
            return .failure(Problem("\(field): \"\(text)\" is not a decimal amount of USD"))
        }
        if value == 0 || (!allowNegative && value < 0) {
            return .failure(Problem("\(field): must be greater than 0, got \(text)"))
        }
        guard decimals(text) <= 2 else { return .failure(Problem("\(field): at most 2 decimals (cents), got \(text)")) }
        guard abs(value) <= maxAmount else { return .failure(Problem("\(field): at most 1000000000000 USD")) }
        return .success(value)
    }

    /// A positive number of units with at most six decimals, or the problem.
    static func quantity(_ text: String) -> Result<Decimal, Problem> {
        guard let value = Money.parse(text), value > 0 else {
            return .failure(Problem("quantity: must be a decimal greater than 0, got \(text)"))
        }
        guard decimals(text) <= 6 else { return .failure(Problem("quantity: at most 6 decimals, got \(text)")) }
        guard value <= maxAmount else { return .failure(Problem("quantity: at most 1000000000000 units")) }
        return .success(value)
    }

    static func decimals(_ text: String) -> Int {
        guard let point = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: point, to: text.endIndex) - 1
    }

    struct Problem: Error {
        var text: String
        init(_ text: String) { self.text = text }
    }
}
