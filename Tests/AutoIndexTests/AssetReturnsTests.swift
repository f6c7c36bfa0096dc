import Projections
import Testing

/// `daily_return` and `ytd_return` of `/index/current`, on closes worked by hand.
@Suite("Asset returns")
struct AssetReturnsTests {
    @Test("the last close over the one before and over the previous year's last close, minus 1")
    func handWorked() {
        // 2023-12-29 close 12.50, 2024-01-02 close 13.00, 2024-01-03 close 11.70:
        // daily 11.70 / 13.00 − 1 = −0.1; year to date 11.70 / 12.50 − 1 = −0.064.
        let returns = AssetReturns(date: "2024-01-03", last: 11.70, previous: 13.00, previousYearEnd: 12.50)
        #expect(abs((returns.daily ?? 0) - -0.1) < 1e-15)
        #expect(abs((returns.yearToDate ?? 0) - -0.064) < 1e-15)
        // 50 → 55 is +10 %; from a year end of 40, +37.5 %.
        let up = AssetReturns(date: "2024-05-02", last: 55, previous: 50, previousYearEnd: 40)
        #expect(up.daily == 0.10000000000000009)
        #expect(up.yearToDate == 0.375)
    }

    @Test("one close has no daily return; a history that starts this year has no year-to-date return")
    func missingHistory() {
        let first = AssetReturns(date: "2024-01-02", last: 10, previous: nil, previousYearEnd: nil)
        #expect(first.daily == nil)
        #expect(first.yearToDate == nil)
        let zero = AssetReturns(date: "2024-01-03", last: 10, previous: 0, previousYearEnd: 0)
        #expect(zero.daily == nil && zero.yearToDate == nil)
    }
}
