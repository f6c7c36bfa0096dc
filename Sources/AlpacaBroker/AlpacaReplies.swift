import AutoIndexDomain
import Foundation

/// The parts of Alpaca's JSON the adapter reads.
enum AlpacaReplies {
    /// An order object (`POST /v2/orders`, `GET /v2/orders/{id}`).
    struct Order: Decodable {
        var id: String
        var clientOrderId: String
        var status: String
        var filledQty: String?
        var filledAvgPrice: String?
        var filledAt: String?

        enum CodingKeys: String, CodingKey {
            case id, status
            case clientOrderId = "client_order_id"
            case filledQty = "filled_qty"
            case filledAvgPrice = "filled_avg_price"
            case filledAt = "filled_at"
        }

        var report: BrokerOrderReport {
            BrokerOrderReport(
                brokerOrderId: id, clientOrderId: clientOrderId, status: status,
                filledQuantity: filledQty.flatMap(Money.parse)?.moneyText ?? "0",
                filledAveragePrice: filledAvgPrice.flatMap(Money.parse)?.moneyText, filledAt: filledAt)
        }
    }

    /// A position (`GET /v2/positions`).
    struct Position: Decodable {
        var symbol: String
        var qty: String
        var avgEntryPrice: String?
        var marketValue: String?

        enum CodingKeys: String, CodingKey {
            case symbol, qty
            case avgEntryPrice = "avg_entry_price"
            case marketValue = "market_value"
        }
    }

    /// The account (`GET /v2/account`).
    struct Account: Decodable {
        var status: String
        var currency: String
        var cash: String
        var buyingPower: String

        enum CodingKeys: String, CodingKey {
            case status, currency, cash
            case buyingPower = "buying_power"
        }
    }

    /// An error body: `{"code": 40310000, "message": "insufficient buying power"}`.
    struct Failure: Decodable {
        var message: String
    }
}
