import AsyncHTTPClient
import AutoIndexDomain
import Foundation
import Logging

extension Broker {
    /// Alpaca's Trading API v2: market orders by `notional` or `qty` (`POST /v2/orders`, time in force
    /// `day`, the order id as `client_order_id`), `GET /v2/orders/{id}`,
    /// `GET /v2/orders:by_client_order_id`, `DELETE /v2/orders/{id}`, `GET /v2/positions` and
    /// `GET /v2/account`.
    /// - Parameter sleep: how retries wait (`Task.sleep` unless a test passes its own).
    public static func alpaca(
        _ configuration: AlpacaConfiguration, httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "autoindex.alpaca"),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) -> Broker {
        let api = AlpacaAPI(configuration: configuration, httpClient: httpClient, logger: logger, sleep: sleep)
        return Broker(
            name: .alpaca,
            submit: { ticket in
                var body = [
                    "symbol": ticket.symbol, "side": ticket.side == .buy ? "buy" : "sell", "type": "market",
                    "time_in_force": "day", "client_order_id": ticket.clientOrderId,
                ]
                if let notional = ticket.notional { body["notional"] = notional }
                if let quantity = ticket.quantity { body["qty"] = quantity }
                return try await api.call(.POST, "/v2/orders", body: body, as: AlpacaReplies.Order.self).report
            },
            order: { id in
                try await api.call(.GET, "/v2/orders/\(escaped(id))", as: AlpacaReplies.Order.self).report
            },
            orderByClientId: { id in
                try await api.call(
                    .GET, "/v2/orders:by_client_order_id?client_order_id=\(escaped(id))", as: AlpacaReplies.Order.self
                ).report
            },
            cancel: { id in try await api.call(.DELETE, "/v2/orders/\(escaped(id))") },
            positions: {
                try await api.call(.GET, "/v2/positions", as: [AlpacaReplies.Position].self).map {
                    BrokerPosition(
                        symbol: $0.symbol, quantity: $0.qty, averageEntryPrice: $0.avgEntryPrice,
                        marketValue: $0.marketValue)
                }
            },
            account: {
                let account = try await api.call(.GET, "/v2/account", as: AlpacaReplies.Account.self)
                return BrokerAccount(
                    status: account.status, currency: account.currency, cash: account.cash,
                    buyingPower: account.buyingPower)
            })
    }

    private static func escaped(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? id
    }
}
