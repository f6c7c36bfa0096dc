import Foundation
import IndexEngine
import Testing

@Suite("Investment simulation")
struct InvestmentSimulationTests {
    // MARK: Lump sums

    @Test("a USD lump sum ends at amount · V_end / V_start exactly, at a rate of exactly 1")
    func usdLumpSum() throws {
        let index = [("2024-01-02", 100.0), ("2024-01-03", 110.0), ("2024-01-04", 125.0)]
        let request = SimulationRequest(amount: 1000, currency: "USD", startDate: "2024-01-02")
        // No rates at all: USD never needs one. 1000 USD / 100 = 10 units; 10 · 110 = 1100; 10 · 125 = 1250.
        let result = try InvestmentSimulation.run(
            request, index: Self.index(index), fx: try FxConverter(ratesPerEuro: [:]))
        #expect(result.points.map(\.value) == [1000, 1100, 1250])
        #expect(result.points.map(\.fxRate) == [1, 1, 1])
        #expect(result.points.map(\.invested) == [1000, 1000, 1000])
        #expect(result.finalValue == 1000 * 125 / 100)
        #expect(result.totalInvested == 1000)
        #expect(result.profit == 250)
        #expect(result.simpleReturn == 0.25)
        #expect(result.indexReturn == 0.25)
        #expect(
            result.cashFlows == [
                .init(date: "2024-01-02", amount: 1000, fxRate: 1, usdAmount: 1000, indexValue: 100, units: 10)
            ])
        #expect((result.startDate, result.endDate, result.currency) == ("2024-01-02", "2024-01-04", "USD"))
    }

    @Test("a EUR lump sum is bought at the start's rate and valued at each date's rate, showing the FX effect")
    func eurLumpSum() throws {
        // date        index  USD per EUR  units per USD (EUR)
        // 2024-01-02  100    1.10         1/1.10
        // 2024-01-03  105    1.20         1/1.20
        // 2024-01-04  110    1.25         1/1.25 = 0.8
        let fx = try FxConverter(ratesPerEuro: [
            "USD": [("2024-01-04", 1.25), ("2024-01-02", 1.10), ("2024-01-03", 1.20)]
        ])
        let index = Self.index([("2024-01-02", 100), ("2024-01-03", 105), ("2024-01-04", 110)])
        let result = try InvestmentSimulation.run(
            SimulationRequest(amount: 1000, currency: "EUR", startDate: "2024-01-02"), index: index, fx: fx)
        // 1000 EUR · 1.10 = 1100 USD; 1100 / 100 = 11 units.
        let flow = try #require(result.cashFlows.first)
        #expect(result.cashFlows.count == 1)
        #expect(Self.isClose(flow.fxRate, 1 / 1.10))
        #expect(Self.isClose(flow.usdAmount, 1100))
        #expect(Self.isClose(flow.units, 11))
        #expect(flow.indexValue == 100)
        // 11 · 100 / 1.10 = 1000; 11 · 105 = 1155 USD / 1.20 = 962.5 EUR; 11 · 110 = 1210 USD · 0.8 = 968 EUR.
        Self.expectClose(result.points.map(\.value), [1000, 962.5, 968])
        Self.expectClose(result.points.map(\.fxRate), [1 / 1.10, 1 / 1.20, 0.8])
        #expect(result.points.map(\.indexValue) == [100, 105, 110])
        // The index gained 10 % in USD, the euro investor lost 3.2 %: the dollar fell from 1.10 to 1.25 per
        // euro. Converting everything at the last rate (the old bug) would have shown 1000 → 1100, +10 %.
        #expect(Self.isClose(result.indexReturn, 0.10))
        #expect(Self.isClose(result.simpleReturn, -0.032))
        #expect(Self.isClose(result.finalValue, 968))
        #expect(Self.isClose(result.profit, -32))
        #expect(result.totalInvested == 1000)
    }

    @Test("other currencies convert through the cross rate: units per USD = rate(GBP) / rate(USD)")
    func gbpCrossRates() throws {
        // GBP per EUR 0.85 then 0.88; USD per EUR 1.10 then 1.20.
        let fx = try FxConverter(ratesPerEuro: [
            "GBP": [("2024-01-02", 0.85), ("2024-01-03", 0.88)],
            "USD": [("2024-01-02", 1.10), ("2024-01-03", 1.20)],
        ])
        #expect(fx.currencies == ["EUR", "GBP", "USD"])
        #expect(Self.isClose(try fx.unitsPerUSD("GBP", on: "2024-01-02"), 0.85 / 1.10))
        #expect(Self.isClose(try fx.unitsPerUSD("gbp", on: "2024-01-03"), 0.88 / 1.20))
        #expect(Self.isClose(try fx.unitsPerUSD("EUR", on: "2024-01-03"), 1 / 1.20))
        #expect(try fx.unitsPerUSD("USD", on: "2024-01-03") == 1)
        // 850 GBP / (0.85 / 1.10) = 1100 USD = 11 units at 100; at 120: 1320 USD · 0.88 / 1.20 = 968 GBP.
        let result = try InvestmentSimulation.run(
            SimulationRequest(amount: 850, currency: "gbp", startDate: "2024-01-02"),
            index: Self.index([("2024-01-02", 100), ("2024-01-03", 120)]), fx: fx)
        #expect(result.currency == "GBP")
        Self.expectClose(result.cashFlows.map(\.usdAmount), [1100])
        Self.expectClose(result.points.map(\.value), [850, 968])
        #expect(Self.isClose(result.indexReturn, 0.20))
        #expect(Self.isClose(result.simpleReturn, 968.0 / 850 - 1))
    }

    // MARK: Rate dates

    @Test("a day without a fixing uses the latest earlier rate, never a later one")
    func latestEarlierRate() throws {
        // The ECB was closed on Good Friday 2024-03-29 and Easter Monday 2024-04-01; the NYSE opened on the Monday.
        let fx = try FxConverter(ratesPerEuro: ["USD": [("2024-04-02", 1.07), ("2024-03-28", 1.08)]])
        #expect(Self.isClose(try fx.unitsPerUSD("EUR", on: "2024-03-28"), 1 / 1.08))
        #expect(Self.isClose(try fx.unitsPerUSD("EUR", on: "2024-03-30"), 1 / 1.08))
        #expect(Self.isClose(try fx.unitsPerUSD("EUR", on: "2024-04-01"), 1 / 1.08))
        #expect(Self.isClose(try fx.unitsPerUSD("EUR", on: "2024-04-02"), 1 / 1.07))
        // 1080 EUR on Thursday = 1166.4 USD = 11.664 units at 100; Monday at 110: 1283.04 USD / 1.08 = 1188 EUR.
        let result = try InvestmentSimulation.run(
            SimulationRequest(amount: 1080, currency: "EUR", startDate: "2024-03-28"),
            index: Self.index([("2024-03-28", 100), ("2024-04-01", 110)]), fx: fx)
        Self.expectClose(result.points.map(\.value), [1080, 1188])
        Self.expectClose(result.points.map(\.fxRate), [1 / 1.08, 1 / 1.08])
    }

    @Test("a date before the first rate is an error naming the currency lacking the rate and the date")
    func noRateBeforeFirstFixing() throws {
        let fx = try FxConverter(ratesPerEuro: [
            "USD": [("1999-01-04", 1.1789)], "GBP": [("1999-01-04", 0.7111)], "BGN": [("2000-07-19", 1.9465)],
        ])
        let message = "no ECB reference rate for USD on or before 1998-12-31"
        Self.expectError(.noRate(currency: "USD", date: "1998-12-31"), message) {
            try fx.unitsPerUSD("EUR", on: "1998-12-31")
        }
        Self.expectError(
            .noRate(currency: "GBP", date: "1998-12-31"), "no ECB reference rate for GBP on or before 1998-12-31"
        ) { try fx.unitsPerUSD("GBP", on: "1998-12-31") }
        Self.expectError(
            .noRate(currency: "BGN", date: "2000-07-18"), "no ECB reference rate for BGN on or before 2000-07-18"
        ) { try fx.unitsPerUSD("BGN", on: "2000-07-18") }
        // The index starts before the rates do.
        Self.expectError(.noRate(currency: "USD", date: "1998-12-31"), message) {
            try InvestmentSimulation.run(
                SimulationRequest(amount: 1000, currency: "EUR", startDate: "1998-12-31"),
                index: Self.index([("1998-12-31", 100), ("1999-01-04", 101)]), fx: fx)
        }
    }

    @Test("a rate more than the maximum age before the date is refused, so a currency the ECB dropped is not valued")
    func staleRate() throws {
        let rates = ["USD": [("2022-03-01", 1.1139), ("2022-03-09", 1.1008)], "RUB": [("2022-03-01", 117.2876)]]
        let fx = try FxConverter(ratesPerEuro: rates)
        #expect(fx.maximumRateAge == 7)
        #expect(Self.isClose(try fx.unitsPerUSD("RUB", on: "2022-03-08"), 117.2876 / 1.1139))
        Self.expectError(
            .staleRate(currency: "RUB", date: "2022-03-09", latest: "2022-03-01", maximumAge: 7),
            "the latest ECB reference rate for RUB on or before 2022-03-09 is from 2022-03-01, more than 7 days earlier"
        ) { try fx.unitsPerUSD("RUB", on: "2022-03-09") }
        let unlimited = try FxConverter(ratesPerEuro: rates, maximumRateAge: nil)
        #expect(Self.isClose(try unlimited.unitsPerUSD("RUB", on: "2024-03-09"), 117.2876 / 1.1008))
        Self.expectError(.invalidMaximumRateAge(-1), "the maximum rate age must be 0 days or more, got -1") {
            try FxConverter(ratesPerEuro: rates, maximumRateAge: -1)
        }
    }

    // MARK: Contributions and dates

    @Test("contributions go in on the first index date of each later month, each at its own rate and index value")
    func monthlyContributions() throws {
        // date        index  USD per EUR  cash (EUR)  USD bought       units      value (EUR) = units · V / rate
        // 2024-01-15  100    1.00         1000        1000             10         1000
        // 2024-01-31  125    1.25         -                            10         1000
        // 2024-02-02   80    1.25         100         125 → 1.5625     11.5625     740
        // 2024-02-05  100    1.25         -                            11.5625     925
        // 2024-03-01  125    1.00         100         100 → 0.8        12.3625    1545.3125
        // 2024-03-04  100    1.25         -                            12.3625     989
        // 2024-04-01  200    1.25         (after the end date 2024-03-10: clipped)
        let dates = ["2024-01-15", "2024-01-31", "2024-02-02", "2024-02-05", "2024-03-01", "2024-03-04", "2024-04-01"]
        let values = [100.0, 125, 80, 100, 125, 100, 200]
        let rates = [1.00, 1.25, 1.25, 1.25, 1.00, 1.25, 1.25]
        let fx = try FxConverter(ratesPerEuro: ["USD": Array(zip(dates, rates)).map { (date: $0, rate: $1) }])
        let request = SimulationRequest(
            amount: 1000, currency: "EUR", startDate: "2024-01-15", endDate: "2024-03-10", monthlyContribution: 100)
        let result = try InvestmentSimulation.run(request, index: Self.index(Array(zip(dates, values))), fx: fx)

        #expect(result.cashFlows.map(\.date) == ["2024-01-15", "2024-02-02", "2024-03-01"])
        #expect(result.cashFlows.map(\.amount) == [1000, 100, 100])
        Self.expectClose(result.cashFlows.map(\.fxRate), [1, 0.8, 1])
        Self.expectClose(result.cashFlows.map(\.usdAmount), [1000, 125, 100])
        #expect(result.cashFlows.map(\.indexValue) == [100, 80, 125])
        Self.expectClose(result.cashFlows.map(\.units), [10, 1.5625, 0.8])
        #expect(result.points.map(\.date) == Array(dates.prefix(6)))
        #expect(result.points.map(\.invested) == [1000, 1000, 1100, 1100, 1200, 1200])
        Self.expectClose(result.points.map(\.value), [1000, 1000, 740, 925, 1545.3125, 989])
        #expect(result.endDate == "2024-03-04")
        #expect(result.totalInvested == 1200)
        #expect(Self.isClose(result.finalValue, 989))
        #expect(Self.isClose(result.profit, -211))
        #expect(Self.isClose(result.simpleReturn, 989.0 / 1200 - 1))
        #expect(result.indexReturn == 0)
    }

    @Test("a start on a holiday begins at the next index date; an end clips to the last index date on or before it")
    func startAndEndDates() throws {
        let index = Self.index([("2024-01-05", 100), ("2024-01-08", 110), ("2024-01-12", 120), ("2024-01-16", 130)])
        let fx = try FxConverter(ratesPerEuro: [:])
        // Saturday start, Sunday end.
        let weekend = try InvestmentSimulation.run(
            SimulationRequest(amount: 110, currency: "USD", startDate: "2024-01-06", endDate: "2024-01-14"),
            index: index, fx: fx)
        #expect((weekend.startDate, weekend.endDate) == ("2024-01-08", "2024-01-12"))
        #expect(weekend.points.map(\.date) == ["2024-01-08", "2024-01-12"])
        #expect(weekend.points.map(\.value) == [110, 120])
        // Before the first index date: the first one; no end: the last one.
        let open = try InvestmentSimulation.run(
            SimulationRequest(amount: 100, currency: "USD", startDate: "2023-06-01"), index: index, fx: fx)
        #expect((open.startDate, open.endDate, open.finalValue) == ("2024-01-05", "2024-01-16", 130))
        // An end after the last index date clips to it; a start equal to the end on an index date is one point.
        let late = try InvestmentSimulation.run(
            SimulationRequest(amount: 100, currency: "USD", startDate: "2024-01-05", endDate: "2030-01-01"),
            index: index, fx: fx)
        #expect(late.endDate == "2024-01-16")
        let single = try InvestmentSimulation.run(
            SimulationRequest(amount: 100, currency: "USD", startDate: "2024-01-12", endDate: "2024-01-12"),
            index: index, fx: fx)
        #expect(single.points.map(\.value) == [100])
        #expect((single.simpleReturn, single.indexReturn) == (0, 0))
    }

    // MARK: Errors

    @Test("requests with a bad amount, contribution, currency or date are refused with a sentence saying why")
    func requestErrors() throws {
        let fx = try FxConverter(ratesPerEuro: ["USD": [("2024-01-02", 1.1)], "GBP": [("2024-01-02", 0.86)]])
        let index = Self.index([("2024-01-02", 100), ("2024-01-31", 101)])
        func run(_ request: SimulationRequest) throws(SimulationError) -> SimulationResult {
            try InvestmentSimulation.run(request, index: index, fx: fx)
        }
        Self.expectError(.invalidAmount(0), "amount must be a positive finite number, got 0.0") {
            try run(SimulationRequest(amount: 0, currency: "USD", startDate: "2024-01-02"))
        }
        Self.expectError(.invalidAmount(-1), "amount must be a positive finite number, got -1.0") {
            try run(SimulationRequest(amount: -1, currency: "USD", startDate: "2024-01-02"))
        }
        Self.expectError(.invalidAmount(.infinity), "amount must be a positive finite number, got inf") {
            try run(SimulationRequest(amount: .infinity, currency: "USD", startDate: "2024-01-02"))
        }
        Self.expectErrorMessage("amount must be a positive finite number, got nan") {
            try run(SimulationRequest(amount: .nan, currency: "USD", startDate: "2024-01-02"))
        }
        Self.expectError(.invalidContribution(0), "monthly contribution must be a positive finite number, got 0.0") {
            try run(SimulationRequest(amount: 1, currency: "USD", startDate: "2024-01-02", monthlyContribution: 0))
        }
        Self.expectError(
            .unknownCurrency("XYZ", known: ["EUR", "GBP", "USD"]),
            "unknown currency \"XYZ\": known currencies are EUR, GBP, USD"
        ) { try run(SimulationRequest(amount: 1, currency: "xyz", startDate: "2024-01-02")) }
        Self.expectError(
            .invalidDate("2024-13-01"), "invalid date \"2024-13-01\": expected a calendar day as YYYY-MM-DD"
        ) {
            try run(SimulationRequest(amount: 1, currency: "USD", startDate: "2024-13-01"))
        }
        Self.expectError(
            .invalidDate("31/01/2024"), "invalid date \"31/01/2024\": expected a calendar day as YYYY-MM-DD"
        ) {
            try run(SimulationRequest(amount: 1, currency: "USD", startDate: "2024-01-02", endDate: "31/01/2024"))
        }
        Self.expectError(
            .startAfterLastValue(start: "2024-02-01", lastValue: "2024-01-31"),
            "start date 2024-02-01 is after the last index value on 2024-01-31"
        ) { try run(SimulationRequest(amount: 1, currency: "USD", startDate: "2024-02-01")) }
        Self.expectError(
            .endBeforeStart(end: "2024-01-01", start: "2024-01-02"),
            "end date 2024-01-01 is before start date 2024-01-02"
        ) { try run(SimulationRequest(amount: 1, currency: "USD", startDate: "2024-01-02", endDate: "2024-01-01")) }
        Self.expectError(
            .noIndexValueInPeriod(start: "2024-01-06", end: "2024-01-07"),
            "the index has no value from 2024-01-06 to 2024-01-07"
        ) { try run(SimulationRequest(amount: 1, currency: "USD", startDate: "2024-01-06", endDate: "2024-01-07")) }
        Self.expectError(.invalidDate("2024-1-2"), "invalid date \"2024-1-2\": expected a calendar day as YYYY-MM-DD") {
            try fx.unitsPerUSD("GBP", on: "2024-1-2")
        }
    }

    @Test("an empty, unordered or non-positive index, or values that overflow, are refused")
    func indexErrors() throws {
        let fx = try FxConverter(ratesPerEuro: [:])
        let request = SimulationRequest(amount: 1000, currency: "USD", startDate: "2024-01-02")
        Self.expectError(.noIndexValues, "the index has no values to simulate an investment over") {
            try InvestmentSimulation.run(request, index: [], fx: fx)
        }
        Self.expectError(
            .indexNotAscending(previous: "2024-01-03", date: "2024-01-02"),
            "index dates must ascend: 2024-01-02 follows 2024-01-03"
        ) {
            try InvestmentSimulation.run(request, index: Self.index([("2024-01-03", 100), ("2024-01-02", 99)]), fx: fx)
        }
        Self.expectError(
            .indexNotAscending(previous: "2024-01-02", date: "2024-01-02"),
            "index dates must ascend: 2024-01-02 follows 2024-01-02"
        ) {
            try InvestmentSimulation.run(request, index: Self.index([("2024-01-02", 100), ("2024-01-02", 99)]), fx: fx)
        }
        Self.expectError(
            .invalidIndexValue(date: "2024-01-03", value: 0),
            "index value 0.0 on 2024-01-03 is not a positive finite number"
        ) {
            try InvestmentSimulation.run(request, index: Self.index([("2024-01-02", 100), ("2024-01-03", 0)]), fx: fx)
        }
        Self.expectError(.invalidDate("20240102"), "invalid date \"20240102\": expected a calendar day as YYYY-MM-DD") {
            try InvestmentSimulation.run(request, index: Self.index([("20240102", 100)]), fx: fx)
        }
        // 1e308 USD buys 1e308 units at 1; at 10 they are worth 1e309, beyond Double.
        Self.expectError(
            .valueOverflow(date: "2024-01-03"),
            "the amounts are too large: the investment's value overflows on 2024-01-03"
        ) {
            try InvestmentSimulation.run(
                SimulationRequest(amount: 1e308, currency: "USD", startDate: "2024-01-02"),
                index: Self.index([("2024-01-02", 1), ("2024-01-03", 10)]), fx: fx)
        }
    }

    @Test("rates that are not positive and finite, dated badly, given twice or given for EUR are refused")
    func rateErrors() {
        for rate in [0, -1.1, .infinity] {
            Self.expectError(
                .invalidRate(currency: "USD", date: "2024-01-02", rate: rate),
                "invalid USD rate \(rate) on 2024-01-02: a rate must be a positive finite number of units per EUR"
            ) { try FxConverter(ratesPerEuro: ["usd": [("2024-01-02", rate)]]) }
        }
        Self.expectErrorMessage(
            "invalid USD rate nan on 2024-01-02: a rate must be a positive finite number of units per EUR"
        ) { try FxConverter(ratesPerEuro: ["USD": [("2024-01-02", .nan)]]) }
        Self.expectError(
            .invalidDate("2024-02-30"), "invalid date \"2024-02-30\": expected a calendar day as YYYY-MM-DD"
        ) {
            try FxConverter(ratesPerEuro: ["USD": [("2024-02-30", 1.1)]])
        }
        Self.expectError(.duplicateRate(currency: "GBP", date: "2024-01-02"), "more than one GBP rate on 2024-01-02") {
            try FxConverter(ratesPerEuro: ["GBP": [("2024-01-03", 0.86), ("2024-01-02", 0.85), ("2024-01-02", 0.85)]])
        }
        Self.expectError(.euroRatesGiven, "EUR is the base of the reference rates (1 EUR is 1 EUR) and takes no rates")
        {
            try FxConverter(ratesPerEuro: ["EUR": [("2024-01-02", 1)]])
        }
    }

    // MARK: JSON

    @Test("results encode with snake_case keys and requests decode from them")
    func snakeCaseJSON() throws {
        let result = try InvestmentSimulation.run(
            SimulationRequest(amount: 100, currency: "USD", startDate: "2024-01-02"),
            index: Self.index([("2024-01-02", 100)]), fx: try FxConverter(ratesPerEuro: [:]))
        let object = try #require(
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode(result)) as? [String: Any])
        #expect(
            object.keys.sorted() == [
                "cash_flows", "currency", "end_date", "final_value", "index_return", "points", "profit",
                "simple_return", "start_date", "total_invested",
            ])
        let flow = try #require((object["cash_flows"] as? [[String: Any]])?.first)
        #expect(flow.keys.sorted() == ["amount", "date", "fx_rate", "index_value", "units", "usd_amount"])
        let point = try #require((object["points"] as? [[String: Any]])?.first)
        #expect(point.keys.sorted() == ["date", "fx_rate", "index_value", "invested", "value"])
        #expect(try JSONDecoder().decode(SimulationResult.self, from: try JSONEncoder().encode(result)) == result)

        let body = #"{"amount": 5000, "currency": "EUR", "start_date": "2010-01-04", "monthly_contribution": 200}"#
        let request = try JSONDecoder().decode(SimulationRequest.self, from: Data(body.utf8))
        #expect(
            request
                == SimulationRequest(amount: 5000, currency: "EUR", startDate: "2010-01-04", monthlyContribution: 200))
    }

    // MARK: Helpers

    private static func index(_ pairs: [(String, Double)]) -> [(date: String, value: Double)] {
        pairs.map { (date: $0.0, value: $0.1) }
    }

    private static func isClose(_ actual: Double, _ expected: Double) -> Bool {
        abs(actual - expected) <= 1e-9 * max(1, abs(expected))
    }

    private static func expectClose(
        _ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            actual.count == expected.count && zip(actual, expected).allSatisfy { isClose($0, $1) },
            "\(actual) is not close to \(expected)", sourceLocation: sourceLocation)
    }

    /// Expects `body` to throw `expected`, whose description is `message`.
    private static func expectError<Value>(
        _ expected: SimulationError, _ message: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Value
    ) {
        do {
            _ = try body()
            Issue.record("expected \(expected) but nothing was thrown", sourceLocation: sourceLocation)
        } catch {
            #expect(error as? SimulationError == expected, sourceLocation: sourceLocation)
            #expect("\(error)" == message, sourceLocation: sourceLocation)
        }
    }

    /// Expects `body` to throw an error whose description is `message` (for NaN, which equals nothing).
    private static func expectErrorMessage<Value>(
        _ message: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Value
    ) {
        do {
            _ = try body()
            Issue.record("expected \"\(message)\" but nothing was thrown", sourceLocation: sourceLocation)
        } catch {
            #expect(error is SimulationError, sourceLocation: sourceLocation)
            #expect("\(error)" == message, sourceLocation: sourceLocation)
        }
    }
}
