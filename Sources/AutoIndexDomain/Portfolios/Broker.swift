import Foundation

/// An external broker that executes a portfolio's orders, as closures (Alpaca's adapter makes one;
/// tests make their own). The built-in `paper` broker needs none: it fills from the closes in the
/// log (``PaperBroker``).
public struct Broker: Sendable {
    public var name: BrokerName
    /// Submits a market order; the ticket's `clientOrderId` is the order's id, so a repeat is refused.
    public var submit: @Sendable (BrokerOrderTicket) async throws -> BrokerOrderReport
    /// The order with the broker's id.
    public var order: @Sendable (_ brokerOrderId: String) async throws -> BrokerOrderReport
    /// The order with our id (after a submission whose answer was lost).
    public var orderByClientId: @Sendable (_ clientOrderId: String) async throws -> BrokerOrderReport
    /// Asks the broker to cancel an open order.
    public var cancel: @Sendable (_ brokerOrderId: String) async throws -> Void
    /// The account's positions.
    public var positions: @Sendable () async throws -> [BrokerPosition]
    /// The account's cash and buying power.
    public var account: @Sendable () async throws -> BrokerAccount

    public init(
        name: BrokerName, submit: @escaping @Sendable (BrokerOrderTicket) async throws -> BrokerOrderReport,
        order: @escaping @Sendable (String) async throws -> BrokerOrderReport,
        orderByClientId: @escaping @Sendable (String) async throws -> BrokerOrderReport,
        cancel: @escaping @Sendable (String) async throws -> Void,
        positions: @escaping @Sendable () async throws -> [BrokerPosition],
        account: @escaping @Sendable () async throws -> BrokerAccount
    ) {
        self.name = name
        self.submit = submit
        self.order = order
        self.orderByClientId = orderByClientId
        self.cancel = cancel
        self.positions = positions
        self.account = account
    }
}

/// A market order as a broker receives it; amounts as decimal text.
public struct BrokerOrderTicket: Sendable, Hashable {
    public var clientOrderId: String
    public var symbol: String
    public var side: OrderSide
    public var notional: String?
    public var quantity: String?

    public init(clientOrderId: String, symbol: String, side: OrderSide, notional: String?, quantity: String?) {
        self.clientOrderId = clientOrderId
        self.symbol = symbol
        self.side = side
        self.notional = notional
        self.quantity = quantity
    }
}

/// An order as the broker reports it.
public struct BrokerOrderReport: Sendable, Hashable {
    public var brokerOrderId: String
    public var clientOrderId: String
    /// The broker's status: `new`, `accepted`, `partially_filled`, `filled`, `canceled`, `expired`,
    /// `rejected`, …
    public var status: String
    /// Units filled so far, decimal text.
    public var filledQuantity: String
    /// Their average price, decimal text.
    public var filledAveragePrice: String?
    /// When it was filled, ISO 8601.
    public var filledAt: String?

    public init(
        brokerOrderId: String, clientOrderId: String, status: String, filledQuantity: String,
        filledAveragePrice: String?, filledAt: String?
    ) {
        self.brokerOrderId = brokerOrderId
        self.clientOrderId = clientOrderId
        self.status = status
        self.filledQuantity = filledQuantity
        self.filledAveragePrice = filledAveragePrice
        self.filledAt = filledAt
    }
}

/// One position of the broker's account.
public struct BrokerPosition: Sendable, Hashable, Encodable {
    public var symbol: String
    public var quantity: String
    public var averageEntryPrice: String?
    public var marketValue: String?

    public init(symbol: String, quantity: String, averageEntryPrice: String?, marketValue: String?) {
        self.symbol = symbol
        self.quantity = quantity
        self.averageEntryPrice = averageEntryPrice
        self.marketValue = marketValue
    }

    enum CodingKeys: String, CodingKey {
        case symbol, quantity
        case averageEntryPrice = "average_entry_price"
        case marketValue = "market_value"
    }
}

/// The broker's account.
public struct BrokerAccount: Sendable, Hashable, Encodable {
    public var status: String
    public var currency: String
    public var cash: String
    public var buyingPower: String

    public init(status: String, currency: String, cash: String, buyingPower: String) {
        self.status = status
        self.currency = currency
        self.cash = cash
        self.buyingPower = buyingPower
    }

    enum CodingKeys: String, CodingKey {
        case status, currency, cash
        case buyingPower = "buying_power"
    }
}

/// Why a broker call failed; never holds a credential.
public struct BrokerError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// 403: not enough buying power (or the account may not trade): the order is refused for good.
        case refused
        /// 422: the order is invalid for the broker (or not cancelable any more).
        case invalid
        /// 404.
        case notFound
        /// 401: the keys are wrong.
        case unauthorized
        /// 429, after the retries.
        case rateLimited
        /// 5xx or no answer, after the retries.
        case unavailable
        /// An answer that is not the broker's JSON.
        case malformed
    }

    public var kind: Kind
    /// The HTTP status, when there was one.
    public var status: Int?
    public var message: String

    public init(_ kind: Kind, status: Int?, message: String) {
        self.kind = kind
        self.status = status
        self.message = message
    }

    /// Whether a later try may pass (the order is then left pending, to be tried again).
    public var isRetryable: Bool { [.rateLimited, .unavailable, .malformed, .unauthorized].contains(kind) }

    public var description: String {
        "\(kind.rawValue)\(status.map { " (HTTP \($0))" } ?? ""): \(message)"
    }
}
