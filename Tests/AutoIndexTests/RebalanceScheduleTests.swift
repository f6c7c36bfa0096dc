import IndexEngine
import Testing

@Suite("Rebalance schedules")
struct RebalanceScheduleTests {
    @Test("schedules read and print as none, daily, weekly, monthly, quarterly, yearly and drift:<band>")
    func text() {
        let texts = ["none", "daily", "weekly", "monthly", "quarterly", "yearly", "drift:0.05"]
        #expect(texts.compactMap(RebalanceSchedule.init).map(\.text) == texts)
        #expect(RebalanceSchedule("drift:0.05") == .drift(band: 0.05))
        for bad in ["Monthly", "hourly", "drift", "drift:", "drift:0", "drift:-0.1", "drift:abc", "drift:inf", ""] {
            #expect(RebalanceSchedule(bad) == nil, "\(bad)")
        }
    }

    @Test("weekly periods are ISO weeks, which can straddle New Year")
    func isoWeeksAcrossNewYear() throws {
        let weekly = RebalanceSchedule.weekly
        // Thursday 2020-12-31 and Friday 2021-01-01 are both in 2020-W53: no week ends between them.
        #expect(!weekly.endsPeriod(try Self.date("2020-12-31"), next: try Self.date("2021-01-01")))
        #expect(weekly.endsPeriod(try Self.date("2021-01-01"), next: try Self.date("2021-01-04")))
        // Tuesday 2024-12-31 and Thursday 2025-01-02 are both in 2025-W01, though month and year change.
        #expect(!weekly.endsPeriod(try Self.date("2024-12-31"), next: try Self.date("2025-01-02")))
        #expect(RebalanceSchedule.monthly.endsPeriod(try Self.date("2024-12-31"), next: try Self.date("2025-01-02")))
        #expect(RebalanceSchedule.yearly.endsPeriod(try Self.date("2024-12-31"), next: try Self.date("2025-01-02")))
        #expect(weekly.endsPeriod(try Self.date("2024-12-27"), next: try Self.date("2024-12-30")))
        // A holiday week: Thursday's close ends the week when the next trading day is Monday.
        #expect(weekly.endsPeriod(try Self.date("2024-03-28"), next: try Self.date("2024-04-01")))
    }

    @Test("months, quarters and years end at the last trading day before the next one's first")
    func calendarPeriods() throws {
        let leapDay = try Self.date("2024-02-29")
        let march = try Self.date("2024-03-01")
        #expect(RebalanceSchedule.monthly.endsPeriod(leapDay, next: march))
        #expect(!RebalanceSchedule.quarterly.endsPeriod(leapDay, next: march))
        #expect(!RebalanceSchedule.monthly.endsPeriod(try Self.date("2024-03-27"), next: try Self.date("2024-03-28")))
        #expect(RebalanceSchedule.quarterly.endsPeriod(try Self.date("2024-03-28"), next: try Self.date("2024-04-01")))
        #expect(!RebalanceSchedule.quarterly.endsPeriod(try Self.date("2024-05-31"), next: try Self.date("2024-06-03")))
        #expect(RebalanceSchedule.quarterly.endsPeriod(try Self.date("2024-12-31"), next: try Self.date("2025-01-02")))
        #expect(RebalanceSchedule.yearly.endsPeriod(try Self.date("2023-12-29"), next: try Self.date("2024-01-02")))
        #expect(!RebalanceSchedule.yearly.endsPeriod(try Self.date("2024-06-28"), next: try Self.date("2024-07-01")))
        // Same-month days: only daily rebalances.
        let (monday, tuesday) = (try Self.date("2024-06-10"), try Self.date("2024-06-11"))
        let schedules: [RebalanceSchedule] = [.none, .daily, .weekly, .monthly, .quarterly, .yearly, .drift(band: 0.1)]
        #expect(
            schedules.map { $0.endsPeriod(monday, next: tuesday) } == [false, true, false, false, false, false, false])
    }

    @Test("drift breaches when some weight is strictly more than the band from its target")
    func driftBand() {
        let drift = RebalanceSchedule.drift(band: 0.125)
        #expect(!drift.isDriftBreached(current: [0.625, 0.375], target: [0.5, 0.5]))  // exactly the band
        #expect(drift.isDriftBreached(current: [0.6875, 0.3125], target: [0.5, 0.5]))
        #expect(drift.isDriftBreached(current: [0.25, 0.25, 0.5], target: [0.25, 0.5, 0.25]))
        #expect(!RebalanceSchedule.monthly.isDriftBreached(current: [1, 0], target: [0, 1]))
    }

    private static func date(_ text: String) throws -> TradingDate {
        try #require(TradingDate(text))
    }
}
