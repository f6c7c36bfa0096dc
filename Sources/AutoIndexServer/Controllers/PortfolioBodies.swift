import Foundation
import Hummingbird
import Projections

/// A decimal the client sent as a JSON number or as decimal text, kept as text so its digits are
/// checked as given (`100.50`, `"100.50"`).
struct DecimalInput: Decodable, Sendable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else {
            text = try container.decode(Decimal.self).description
        }
    }
}

/// `POST /api/v1/portfolios`.
struct OpenPortfolioBody: Decodable {
    var name: String
    var initialCash: DecimalInput
    var mode: String?
    var startDate: String?
    var commissionBps: Int?
    var broker: String?

    enum CodingKeys: String, CodingKey {
        case name, mode, broker
        case initialCash = "initial_cash"
        case startDate = "start_date"
        case commissionBps = "commission_bps"
    }
}

/// `POST /api/v1/portfolios/{id}/cash`.
struct CashBody: Decodable {
    var amount: DecimalInput
}

/// `POST /api/v1/portfolios/{id}/orders`.
struct OrderBody: Decodable {
    var symbol: String
    var side: String
    var notional: DecimalInput?
    var quantity: DecimalInput?
    var clientOrderId: String?

    enum CodingKeys: String, CodingKey {
        case symbol, side, notional, quantity
        case clientOrderId = "client_order_id"
    }
}

/// The original's `POST /api/v1/broker/order`: `{asset_symbol, type: "BUY"|"SELL", amount}`.
struct BrokerOrderBody: Decodable {
    var assetSymbol: String
    var type: String
    var amount: DecimalInput

    enum CodingKeys: String, CodingKey {
        case assetSymbol = "asset_symbol"
        case type, amount
    }
}

/// One position of a portfolio.
public struct PositionAnswer: Encodable {
    var symbol: String
    var quantity: Decimal
    var lastPrice: Decimal?
    var lastPriceDate: String?
    var marketValue: Decimal
    /// Market value ÷ total value.
    var weight: Double
    var costBasis: Decimal
    var unrealizedPnl: Decimal

    enum CodingKeys: String, CodingKey {
        case symbol, quantity, weight
        case lastPrice = "last_price"
        case lastPriceDate = "last_price_date"
        case marketValue = "market_value"
        case costBasis = "cost_basis"
        case unrealizedPnl = "unrealized_pnl"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(symbol, forKey: .symbol)
        try container.encode(quantity, forKey: .quantity)
        try container.encode(lastPrice, forKey: .lastPrice)
        try container.encode(lastPriceDate, forKey: .lastPriceDate)
        try container.encode(marketValue, forKey: .marketValue)
        try container.encode(weight, forKey: .weight)
        try container.encode(costBasis, forKey: .costBasis)
        try container.encode(unrealizedPnl, forKey: .unrealizedPnl)
    }
}

/// A portfolio: cash, positions at their latest closes, value, P&L and returns.
public struct PortfolioAnswer: ResponseEncodable {
    var portfolioId: String
    var ownerId: String
    var name: String
    var mode: String
    var broker: String
    var commissionBps: Int
    var indexId: String?
    var status: String
    var openedDate: String
    var openedAt: String
    var closedDate: String?
    var cash: Decimal
    var positions: [PositionAnswer]
    var totalValue: Decimal
    var netContributions: Decimal
    var realizedPnl: Decimal
    var unrealizedPnl: Decimal
    var timeWeightedReturn: Double?
    var moneyWeightedReturn: Double?
    var asOfDate: String?
    var pendingOrders: Int
    var position: Int64

    init(_ record: PortfolioRecord, positions: [PositionRecord], pendingOrders: Int) {
        portfolioId = record.portfolioId
        ownerId = record.ownerId
        name = record.name
        mode = record.mode
        broker = record.broker
        commissionBps = record.commissionBps
        indexId = record.indexId
        status = record.closedDate == nil ? "open" : "closed"
        openedDate = record.openedDate
        openedAt = record.openedAt
        closedDate = record.closedDate
        cash = record.cash
        let total = positions.reduce(record.cash) { $0 + $1.marketValue }
        self.positions = positions.map { position in
            PositionAnswer(
                symbol: position.symbol, quantity: position.quantity, lastPrice: position.lastPrice,
                lastPriceDate: position.lastPriceDate, marketValue: position.marketValue,
                weight: total > 0 ? Double(truncating: (position.marketValue / total) as NSNumber) : 0,
                costBasis: position.costBasis, unrealizedPnl: position.marketValue - position.costBasis)
        }
        totalValue = total
        netContributions = record.netContributions
        realizedPnl = record.realizedPnl
        unrealizedPnl = self.positions.reduce(0) { $0 + $1.unrealizedPnl }
        timeWeightedReturn = record.timeWeightedReturn
        moneyWeightedReturn = record.moneyWeightedReturn
        asOfDate = record.asOfDate
        self.pendingOrders = pendingOrders
        position = record.lastPosition
    }

    enum CodingKeys: String, CodingKey {
        case name, mode, broker, status, cash, positions, position
        case portfolioId = "portfolio_id"
        case ownerId = "owner_id"
        case commissionBps = "commission_bps"
        case indexId = "index_id"
        case openedDate = "opened_date"
        case openedAt = "opened_at"
        case closedDate = "closed_date"
        case totalValue = "total_value"
        case netContributions = "net_contributions"
        case realizedPnl = "realized_pnl"
        case unrealizedPnl = "unrealized_pnl"
        case timeWeightedReturn = "time_weighted_return"
        case moneyWeightedReturn = "money_weighted_return"
        case asOfDate = "as_of_date"
        case pendingOrders = "pending_orders"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(portfolioId, forKey: .portfolioId)
        try container.encode(ownerId, forKey: .ownerId)
        try container.encode(name, forKey: .name)
        try container.encode(mode, forKey: .mode)
        try container.encode(broker, forKey: .broker)
        try container.encode(commissionBps, forKey: .commissionBps)
        try container.encode(indexId, forKey: .indexId)
        try container.encode(status, forKey: .status)
        try container.encode(openedDate, forKey: .openedDate)
        try container.encode(openedAt, forKey: .openedAt)
        try container.encode(closedDate, forKey: .closedDate)
        try container.encode(cash, forKey: .cash)
        try container.encode(positions, forKey: .positions)
        try container.encode(totalValue, forKey: .totalValue)
        try container.encode(netContributions, forKey: .netContributions)
        try container.encode(realizedPnl, forKey: .realizedPnl)
        try container.encode(unrealizedPnl, forKey: .unrealizedPnl)
        try container.encode(timeWeightedReturn, forKey: .timeWeightedReturn)
        try container.encode(moneyWeightedReturn, forKey: .moneyWeightedReturn)
        try container.encode(asOfDate, forKey: .asOfDate)
        try container.encode(pendingOrders, forKey: .pendingOrders)
        try container.encode(position, forKey: .position)
    }
}

/// `GET /api/v1/portfolios`.
public struct PortfolioList: ResponseEncodable {
    var portfolios: [PortfolioAnswer]
    var total: Int
}

/// One order, with the original broker endpoint's fields when `original` is set.
public struct OrderAnswer: ResponseEncodable {
    var record: OrderRecord
    var legs: [String]
    var original = false

    enum CodingKeys: String, CodingKey {
        case symbol, side, notional, quantity, status, legs
        case orderId = "order_id"
        case portfolioId = "portfolio_id"
        case clientOrderId = "client_order_id"
        case placedAt = "placed_at"
        case placedPosition = "placed_position"
        case afterDate = "after_date"
        case fillDate = "fill_date"
        case fillPrice = "fill_price"
        case filledQuantity = "filled_quantity"
        case filledAmount = "filled_amount"
        case commission
        case rejectReason = "reject_reason"
        case cancelReason = "cancel_reason"
        case causedBy = "caused_by"
        case basketId = "basket_id"
        case brokerOrderId = "broker_order_id"
        case brokerStatus = "broker_status"
        case position
        // The original's `OrderResponse`.
        case assetSymbol = "asset_symbol"
        case type, amount
        case createdAt = "created_at"
        case executionPrice = "execution_price"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.orderId, forKey: .orderId)
        try container.encode(record.portfolioId, forKey: .portfolioId)
        try container.encode(record.clientOrderId, forKey: .clientOrderId)
        try container.encode(record.symbol, forKey: .symbol)
        try container.encode(record.side, forKey: .side)
        try container.encode(record.notional, forKey: .notional)
        try container.encode(record.quantity ?? record.filledQuantity, forKey: .quantity)
        try container.encode(record.status, forKey: .status)
        try container.encode(record.placedAt, forKey: .placedAt)
        try container.encode(record.placedPosition, forKey: .placedPosition)
        try container.encode(record.afterDate, forKey: .afterDate)
        try container.encode(record.fillDate, forKey: .fillDate)
        try container.encode(record.fillPrice, forKey: .fillPrice)
        try container.encode(record.filledQuantity, forKey: .filledQuantity)
        try container.encode(record.amount, forKey: .filledAmount)
        try container.encode(record.commission, forKey: .commission)
        try container.encode(record.status == "rejected" ? record.reason : nil, forKey: .rejectReason)
        try container.encode(record.status == "canceled" ? record.reason : nil, forKey: .cancelReason)
        try container.encode(record.causedBy, forKey: .causedBy)
        try container.encode(record.basketId, forKey: .basketId)
        try container.encode(legs, forKey: .legs)
        try container.encode(record.brokerOrderId, forKey: .brokerOrderId)
        try container.encode(record.brokerStatus, forKey: .brokerStatus)
        try container.encode(record.updatedPosition, forKey: .position)
        guard original else { return }
        try container.encode(record.symbol, forKey: .assetSymbol)
        try container.encode(record.side, forKey: .type)
        try container.encode(record.notional, forKey: .amount)
        try container.encode(record.placedAt, forKey: .createdAt)
        try container.encode(record.fillPrice, forKey: .executionPrice)
    }
}

/// `GET /api/v1/portfolios/{id}/orders`.
public struct OrderList: ResponseEncodable {
    var orders: [OrderAnswer]
    var total: Int
    var limit: Int
    var offset: Int
}

/// One close of a portfolio's history.
public struct PortfolioPoint: Encodable {
    var date: String
    var value: Decimal
    var cash: Decimal
    var netContributions: Decimal
    var flow: Decimal

    enum CodingKeys: String, CodingKey {
        case date, value, cash, flow
        case netContributions = "net_contributions"
    }
}

/// `GET /api/v1/portfolios/{id}/history`.
public struct PortfolioHistory: ResponseEncodable {
    var portfolioId: String
    var series: [PortfolioPoint]
    var startDate: String?
    var endDate: String?
    var total: Int

    enum CodingKeys: String, CodingKey {
        case series, total
        case portfolioId = "portfolio_id"
        case startDate = "start_date"
        case endDate = "end_date"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(portfolioId, forKey: .portfolioId)
        try container.encode(series, forKey: .series)
        try container.encode(startDate, forKey: .startDate)
        try container.encode(endDate, forKey: .endDate)
        try container.encode(total, forKey: .total)
    }
}
