import AutoIndexDomain
import EventSourcing
import Foundation
import IndexEngine
import Testing

/// The index policy: values and rebalances planned from the log alone.
@Suite("Index policy")
struct IndexPolicyTests {
    /// Weekdays from 2024-01-01 (a Monday), `count` of them.
    private static func weekdays(_ count: Int) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        var date = DateComponents(calendar: calendar, year: 2024, month: 1, day: 1).date ?? Date()
        var days: [String] = []
        while days.count < count {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            if let weekday = parts.weekday, weekday != 1, weekday != 7, let year = parts.year, let month = parts.month,
                let day = parts.day
            {
                days.append(String(format: "%04d-%02d-%02d", year, month, day))
            }
            date = calendar.date(byAdding: .day, value: 1, to: date) ?? date
        }
        return days
    }

    /// Three stocks with distinct, deterministic paths, and a benchmark that is no constituent.
    private static func observations(days: Int) -> [PriceObservation] {
        let dates = weekdays(days)
        var rows: [PriceObservation] = []
        for (asset, symbol) in ["AAA", "BBB", "CCC"].enumerated() {
            var close = 50.0 + 25 * Double(asset)
            for (day, date) in dates.enumerated() {
                if day > 0 { close *= 1 + 0.02 * sin(Double(day * (asset + 2)) * 0.9) + 0.001 * Double(asset) }
                rows.append(PriceObservation(symbol: symbol, date: date, close: String(format: "%.4f", close)))
            }
        }
        for (day, date) in dates.enumerated() {
            rows.append(PriceObservation(symbol: "SPX", date: date, close: String(format: "%.2f", 4000 + Double(day))))
        }
        return rows
    }

    private static func ledger(_ rows: [PriceObservation]) -> MarketDataLedger {
        var ledger = MarketDataLedger()
        let plan = MarketDataIntake(source: "test", fetchId: "f").plan(prices: rows, fxRates: [], ledger: ledger) {
            AssetListed(
                symbol: $0, name: $0, sector: "", currency: "USD", assetClass: $0 == "SPX" ? "index" : "equity",
                source: "test")
        }
        for part in plan.append.parts {
            var version = ledger.version(of: part.stream)
            for event in part.events {
                version += 1
                ledger.evolve(event.event, stream: part.stream, version: version)
            }
        }
        return ledger
    }

    private static let config = ConfigUpdated(
        indexId: "test", configVersion: 1,
        config: StrategyConfig(
            momentumWeight: 0.5, marketCapWeight: 0.2, riskParityWeight: 0.3, momentumLookbackDays: 5,
            momentumThreshold: -1, riskParityMethod: "inverse_volatility", volatilityLookbackDays: 8, minPrice: 0,
            maxForwardFillDays: 0, minDailyReturn: -1, maxDailyReturn: 10, outlierStdThreshold: 0,
            rebalanceFrequency: "monthly", minWeight: nil, maxWeight: nil, riskFreeRate: 0),
        changedFields: StrategyConfig.fieldNames, reason: nil)

    /// Applies a plan to a record as the log would.
    private static func evolve(_ record: inout IndexRecord, with plan: IndexPolicy.Plan) -> [PlannedEvent] {
        let events = plan.append.parts.flatMap(\.events)
        var version = record.version
        for event in events {
            version += 1
            record.evolve(event.event, version: version)
        }
        return events
    }

    private static func values(_ events: [PlannedEvent]) -> [(String, Double)] {
        events.compactMap { if case let valued as IndexValued = $0.event { (valued.date, valued.value) } else { nil } }
    }

    @Test("the policy values every trading day and rebalances at month ends exactly as the backtest engine")
    func matchesBacktest() throws {
        let ledger = Self.ledger(Self.observations(days: 45))
        let plan = try IndexPolicy(indexId: "test").plan(market: ledger, config: Self.config, record: IndexRecord())
        let events = plan.append.parts.flatMap(\.events)
        let dates = Self.weekdays(45)
        #expect(plan.valuedDays == 45 - 8, "valued from the first day with 8 returns of history")
        #expect(plan.lastValuedDate == dates.last)

        let history = try IndexUniverse.history(of: ledger, rules: try Self.config.config.cleaningRules())
        #expect(history.symbols == ["AAA", "BBB", "CCC"], "the benchmark is never a constituent")
        let start = try #require(TradingDate(dates[8]))
        let end = try #require(TradingDate(dates[44]))
        let backtest = try Backtest.run(
            history: history, assets: history.symbols, start: start, end: end,
            method: .blend(try Self.config.config.strategyParameters()), schedule: .monthly)
        let policyValues = Self.values(events)
        #expect(policyValues.map(\.0) == backtest.series.map(\.date.text))
        #expect(policyValues.map(\.1) == backtest.series.map(\.value), "the same figures to the last bit")

        let rebalances = events.compactMap {
            if case let change as AllocationChanged = $0.event { change.asOfDate } else { nil }
        }
        #expect(rebalances == ["2024-01-11", "2024-01-31", "2024-02-29"])
        #expect(rebalances == backtest.rebalances.map(\.date.text))
        let triggers = events.compactMap {
            if case let request as RebalanceRequested = $0.event { request.trigger } else { nil }
        }
        #expect(triggers == ["initial", "schedule", "schedule"])
        let calculated = events.compactMap {
            if case let weights as WeightsCalculated = $0.event { weights } else { nil }
        }
        #expect(calculated.first?.sleeves.first { $0.sleeve == "market_cap" }?.appliedWeight == 0)
        #expect(calculated.first?.sleeves.first { $0.sleeve == "momentum" }?.appliedWeight == 0.625)
        #expect(calculated.allSatisfy { $0.lastInputPosition == Int(ledger.lastPosition) })
    }

    @Test("the three events of a rebalance share one correlation id and follow the day they are decided at")
    func rebalanceEvents() throws {
        let ledger = Self.ledger(Self.observations(days: 30))
        let plan = try IndexPolicy(indexId: "test").plan(market: ledger, config: Self.config, record: IndexRecord())
        let events = plan.append.parts.flatMap(\.events)
        let kinds = events.prefix(5).map { type(of: $0.event).eventType }
        #expect(
            kinds == ["RebalanceRequested", "WeightsCalculated", "AllocationChanged", "IndexValued", "IndexValued"])
        #expect(events.prefix(3).allSatisfy { $0.correlationId == "rebalance-test-1" })
        #expect(events[3].correlationId == nil)
        let monthEnd = try #require(
            events.firstIndex {
                if case let request as RebalanceRequested = $0.event { request.asOfDate == "2024-01-31" } else { false }
            })
        #expect(
            events[monthEnd - 1].event as? IndexValued
                == IndexValued(
                    indexId: "test", date: "2024-01-31",
                    value: Self.values(Array(events[..<monthEnd])).last?.1 ?? 0,
                    dailyReturn: {
                        if case let valued as IndexValued = events[monthEnd - 1].event {
                            valued.dailyReturn
                        } else {
                            0
                        }
                    }()))
        #expect(events[monthEnd].correlationId == "rebalance-test-\(monthEnd + 1)")
        if case let next as IndexValued = events[monthEnd + 3].event { #expect(next.date == "2024-02-01") }
    }

    @Test("planning as each day arrives gives exactly the events of planning once over all days")
    func incrementalEqualsBulk() throws {
        let rows = Self.observations(days: 45)
        let policy = IndexPolicy(indexId: "test")
        let bulk = try policy.plan(market: Self.ledger(rows), config: Self.config, record: IndexRecord())
            .append.parts.flatMap(\.events)

        var record = IndexRecord()
        var incremental: [PlannedEvent] = []
        for date in Self.weekdays(45) {
            let known = rows.filter { $0.date <= date }
            incremental += Self.evolve(
                &record, with: try policy.plan(market: Self.ledger(known), config: Self.config, record: record))
        }
        #expect(incremental.count == bulk.count)
        #expect(incremental == bulk)
        let again = try policy.plan(market: Self.ledger(rows), config: Self.config, record: record)
        #expect(again.append.isEmpty, "nothing is due twice")
    }

    @Test("the latest day is valued only once every constituent has its close")
    func waitsForCompleteDay() throws {
        let rows = Self.observations(days: 20)
        let lastDate = try #require(Self.weekdays(20).last)
        let partial = rows.filter { !($0.date == lastDate && $0.symbol == "CCC") }
        let plan = try IndexPolicy(indexId: "test").plan(
            market: Self.ledger(partial), config: Self.config, record: IndexRecord())
        #expect(plan.lastValuedDate == Self.weekdays(20)[18])
        let complete = try IndexPolicy(indexId: "test").plan(
            market: Self.ledger(rows), config: Self.config, record: IndexRecord())
        #expect(complete.lastValuedDate == lastDate)
    }

    @Test("a new configuration or an operator's request rebalances at the last valued close")
    func requestedRebalances() throws {
        let ledger = Self.ledger(Self.observations(days: 20))
        let policy = IndexPolicy(indexId: "test")
        var record = IndexRecord()
        _ = Self.evolve(&record, with: try policy.plan(market: ledger, config: Self.config, record: record))
        let lastDate = try #require(record.lastValuedDate)

        var changed = Self.config
        changed.configVersion = 2
        changed.config.riskParityMethod = "equal_risk_contribution"
        let afterChange = Self.evolve(&record, with: try policy.plan(market: ledger, config: changed, record: record))
        guard case let request as RebalanceRequested = afterChange.first?.event else {
            Issue.record("expected a rebalance, got \(afterChange)")
            return
        }
        #expect(
            request
                == RebalanceRequested(
                    indexId: "test", asOfDate: lastDate, trigger: "config_change", reason: "configuration version 2"))
        #expect(afterChange.count == 3)
        if case let weights as WeightsCalculated = afterChange[1].event { #expect(weights.configVersion == 2) }
        #expect(try policy.plan(market: ledger, config: changed, record: record).append.isEmpty)

        let manual = Self.evolve(
            &record,
            with: try policy.plan(market: ledger, config: changed, record: record, request: .manual(reason: "audit")))
        guard case let operatorRequest as RebalanceRequested = manual.first?.event else {
            Issue.record("expected a manual rebalance, got \(manual)")
            return
        }
        #expect(operatorRequest.trigger == "manual" && operatorRequest.reason == "audit")
        if case let change as AllocationChanged = manual[2].event {
            #expect(change.turnover < 1e-12, "same inputs, same weights")
        }
    }

    @Test("market-cap facts weight the market-cap sleeve from their date on, never before")
    func marketCapSleeve() throws {
        let rows = Self.observations(days: 30)
        let dates = Self.weekdays(30)
        var ledger = Self.ledger(rows)
        // Caps known from the base date (day 8), and a later report for AAA dated after the first rebalance.
        let caps = [
            PriceObservation(symbol: "AAA", date: dates[8], close: "100"),
            PriceObservation(symbol: "BBB", date: dates[8], close: "300"),
            PriceObservation(symbol: "CCC", date: dates[8], close: "600"),
            PriceObservation(symbol: "AAA", date: dates[20], close: "3000"),
        ]
        let plan = MarketDataIntake(source: "test", fetchId: "caps").plan(
            prices: [], fxRates: [], marketCaps: caps, ledger: ledger
        ) { AssetListed(symbol: $0, name: $0, sector: "", currency: "USD", assetClass: "equity", source: "test") }
        #expect(plan.marketCapsReported == 4)
        for part in plan.append.parts {
            var version = ledger.version(of: part.stream)
            for event in part.events {
                version += 1
                ledger.evolve(event.event, stream: part.stream, version: version)
            }
        }
        let events = try IndexPolicy(indexId: "test").plan(market: ledger, config: Self.config, record: IndexRecord())
            .append.parts.flatMap(\.events)
        let calculated = events.compactMap {
            if case let weights as WeightsCalculated = $0.event { weights } else { nil }
        }
        let initial = try #require(calculated.first)
        #expect(initial.asOfDate == dates[8])
        #expect(initial.sleeves.first { $0.sleeve == "market_cap" }?.appliedWeight == 0.2)
        #expect(initial.sleeves.first { $0.sleeve == "market_cap" }?.note == nil)
        #expect(initial.assets.map(\.marketCapWeight) == [0.1, 0.3, 0.6])
        let monthEnd = try #require(calculated.first { $0.asOfDate == "2024-01-31" })
        #expect(dates[20] <= "2024-01-31")
        let expected: [Double?] = [3000.0 / 3900, 300.0 / 3900, 600.0 / 3900]
        #expect(monthEnd.assets.map(\.marketCapWeight) == expected, "AAA's later report applies from its date")

        let withoutCaps = try IndexPolicy(indexId: "test").plan(
            market: Self.ledger(rows), config: Self.config, record: IndexRecord()
        ).append.parts.flatMap(\.events).compactMap {
            if case let weights as WeightsCalculated = $0.event { weights } else { nil }
        }
        let sleeve = try #require(withoutCaps.first?.sleeves.first { $0.sleeve == "market_cap" })
        #expect(sleeve.appliedWeight == 0 && sleeve.note == "no market-cap facts")
    }

    @Test("drift:<band> rebalances at the close where a weight leaves its band")
    func driftRebalances() throws {
        var config = Self.config
        config.config.rebalanceFrequency = "drift:0.006"
        let ledger = Self.ledger(Self.observations(days: 45))
        let plan = try IndexPolicy(indexId: "test").plan(market: ledger, config: config, record: IndexRecord())
        let events = plan.append.parts.flatMap(\.events)
        let history = try IndexUniverse.history(of: ledger, rules: try config.config.cleaningRules())
        let dates = Self.weekdays(45)
        let backtest = try Backtest.run(
            history: history, assets: history.symbols, start: try #require(TradingDate(dates[8])),
            end: try #require(TradingDate(dates[44])), method: .blend(try config.config.strategyParameters()),
            schedule: .drift(band: 0.006))
        let asOf = events.compactMap {
            if case let change as AllocationChanged = $0.event { change.asOfDate } else { nil }
        }
        #expect(asOf.count > 3)
        // The backtest never rebalances at its end date; the live policy does when the band is left there.
        #expect(asOf.filter { $0 < dates[44] } == backtest.rebalances.map(\.date.text))
        #expect(Self.values(events).map(\.1) == backtest.series.map(\.value))
    }
}
