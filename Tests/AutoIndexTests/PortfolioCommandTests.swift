import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import Testing

/// `autoindex portfolio …` and the settlement after `import prices`, run as an operator would.
extension CommandLineTests {
    private func object(_ run: Run) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        return try #require(object as? [String: Any], "stdout: \(run.stdout) stderr: \(run.stderr)")
    }

    private func number(_ value: Any?) -> Decimal? {
        (value as? NSNumber).flatMap { Decimal(string: "\($0)") }
    }

    @Test("an order placed now stays pending until import prices brings the next close, then fills by the rule")
    func portfolioCommands() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let database = scratch.path("log.sqlite")
        let prices = scratch.path("prices.csv")
        try "date,symbol,close\n2022-12-27,AAPL,130.03\n2022-12-28,AAPL,126.04\n".write(
            toFile: prices, atomically: true, encoding: .utf8)
        #expect(try autoindex(["import", "prices", prices, "--database", database]).status == 0)
        let store = try SQLiteEventStore(path: database)
        _ = try await store.append(
            try Accounts.register(
                userId: "u1", email: try EmailAddress("ops@example.com"), passwordHash: "$2b$04$x", role: .user
            ).request(metadata: EventMetadata(actor: "test")))

        let created = try autoindex([
            "portfolio", "create", "--owner", "ops@example.com", "--name", "Desk", "--cash", "10000", "--database",
            database,
        ])
        #expect(created.status == 0, "\(created.stderr)")
        let id = try #require(try object(created)["portfolio_id"] as? String)
        let order = try autoindex([
            "portfolio", "order", id, "--symbol", "AAPL", "--side", "BUY", "--notional", "1000", "--database", database,
        ])
        #expect(order.status == 0, "\(order.stderr)")
        let placed = try object(order)
        let orderId = try #require(placed["order_id"] as? String)
        #expect(placed["status"] as? String == "pending")
        #expect(placed["after_date"] as? String == "2022-12-28")

        let refused = try autoindex([
            "portfolio", "order", id, "--symbol", "NOPE", "--side", "BUY", "--notional", "10", "--database", database,
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("symbol: NOPE cannot be traded: it is not a listed asset"), "\(refused.stderr)")

        // The next close, from the operator's own file: the order fills at it.
        try "date,symbol,close\n2022-12-29,AAPL,129.61\n".write(toFile: prices, atomically: true, encoding: .utf8)
        let imported = try autoindex(["import", "prices", prices, "--database", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains(#""events_appended":1"#), "\(imported.stdout)")
        #expect(imported.stdout.contains(#""portfolios_settled":1"#), "\(imported.stdout)")

        let orders = try object(try autoindex(["portfolio", "orders", id, "--database", database]))
        let filled = try #require((orders["orders"] as? [[String: Any]])?.first)
        #expect(filled["order_id"] as? String == orderId)
        #expect(filled["status"] as? String == "filled")
        #expect(filled["fill_date"] as? String == "2022-12-29")
        // 1000 ÷ 129.61 = 7.71545405…, rounded down: 7.715454 units for 7.715454 × 129.61 = 999.99999294.
        #expect(number(filled["filled_quantity"]) == Decimal(string: "7.715454"))
        #expect(number(filled["filled_amount"]) == Decimal(string: "999.99999294"))

        let shown = try object(try autoindex(["portfolio", "show", id, "--database", database]))
        #expect(number(shown["cash"]) == Decimal(string: "9000.00000706"))
        #expect(shown["as_of_date"] as? String == "2022-12-29")
        let history = try object(try autoindex(["portfolio", "history", id, "--database", database]))
        let series = try #require(history["series"] as? [[String: Any]])
        #expect(series.map { $0["date"] as? String } == ["2022-12-28", "2022-12-29"])
        // 7.715454 × 129.61 = 999.99999294 → 1000.00 at the cent, plus the cash.
        #expect(series.map { number($0["value"]) } == [10000, Decimal(string: "10000.00000706")])

        let listed = try object(
            try autoindex(["portfolio", "list", "--owner", "ops@example.com", "--database", database]))
        #expect(listed["total"] as? Int == 1)
        let again = try autoindex(["portfolio", "settle", "--database", database])
        #expect(again.stdout.contains(#""events_appended":0"#), "\(again.stdout)")
    }
}
