import Foundation
import IndexEngine
import Testing

@Suite("Trading dates")
struct TradingDateTests {
    @Test("parsing rejects 29 February outside leap years and accepts it in them")
    func leapDays() {
        #expect(TradingDate("2023-02-29") == nil)
        #expect(TradingDate("1900-02-29") == nil)  // a century not divisible by 400 is no leap year
        #expect(TradingDate("2024-02-29")?.text == "2024-02-29")
        #expect(TradingDate("2000-02-29")?.text == "2000-02-29")
    }

    @Test(
        "parsing accepts only zero-padded YYYY-MM-DD naming a real day",
        arguments: [
            "2024-2-01", "2024-02-1", "20240201", "2024/02/01", " 2024-02-01", "2024-02-01 ", "2024-13-01",
            "2024-00-10", "2024-04-31", "2024-01-00", "2024-02-01T00:00", "0000-01-01", "+024-01-01", "",
        ])
    func rejectsMalformedText(text: String) {
        #expect(TradingDate(text) == nil)
    }

    @Test("a parsed date has its parts and prints as it was written")
    func parts() throws {
        let date = try #require(TradingDate("0999-12-31"))
        #expect(date.year == 999)
        #expect(date.month == 12)
        #expect(date.day == 31)
        #expect(date.text == "0999-12-31")
        #expect(date.description == "0999-12-31")
    }

    @Test("dates order chronologically, not by their parts' text")
    func ordering() throws {
        let dates = try ["2024-10-01", "2024-09-30", "2023-12-31", "2024-01-01"].map { try #require(TradingDate($0)) }
        #expect(dates.sorted().map(\.text) == ["2023-12-31", "2024-01-01", "2024-09-30", "2024-10-01"])
    }

    @Test("weekdays count from Monday = 1; 1970-01-01 was a Thursday")
    func weekdays() throws {
        #expect(try #require(TradingDate("1970-01-01")).weekday == 4)
        #expect(try #require(TradingDate("1970-01-01")).dayNumber == 0)
        #expect(try #require(TradingDate("2000-01-01")).weekday == 6)
        #expect(try #require(TradingDate("2024-01-01")).weekday == 1)
        #expect(try #require(TradingDate("1969-12-28")).weekday == 7)
    }

    @Test("quarters are Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec")
    func quarters() throws {
        let quarters = try ["2024-01-01", "2024-03-31", "2024-04-01", "2024-09-30", "2024-10-01", "2024-12-31"].map {
            try #require(TradingDate($0)).quarter
        }
        #expect(quarters == [1, 1, 2, 3, 4, 4])
    }

    @Test("ISO weeks: the days around 1 January belong to the week holding that week's Thursday")
    func isoWeeks() throws {
        func week(_ text: String) throws -> [Int] {
            let week = try #require(TradingDate(text)).isoWeek
            return [week.year, week.week]
        }
        // 2020 started on a Wednesday in a leap year, so it has 53 weeks; 2021-01-01 (Friday) is in 2020-W53.
        #expect(try week("2020-12-31") == [2020, 53])
        #expect(try week("2021-01-01") == [2020, 53])
        #expect(try week("2021-01-03") == [2020, 53])
        #expect(try week("2021-01-04") == [2021, 1])
        // 2025-01-01 is a Wednesday, so Monday 2024-12-30 starts 2025-W01.
        #expect(try week("2024-12-29") == [2024, 52])
        #expect(try week("2024-12-30") == [2025, 1])
        // 2009 started on a Thursday: 2008-12-29 is 2009-W01 and 2010-01-03 is 2009-W53.
        #expect(try week("2008-12-29") == [2009, 1])
        #expect(try week("2010-01-03") == [2009, 53])
        // 2015 started on a Thursday: 1 January is in W01, so Monday 5 January starts W02.
        #expect(try week("2015-01-01") == [2015, 1])
        #expect(try week("2015-01-04") == [2015, 1])
        #expect(try week("2015-01-05") == [2015, 2])
        #expect(try week("2015-12-31") == [2015, 53])
        #expect(try week("2024-06-14") == [2024, 24])
    }

    @Test("a date encodes as its text and decoding refuses a day that does not exist")
    func codable() throws {
        let encoded = try JSONEncoder().encode(DatedValue(date: try #require(TradingDate("2024-01-31"))))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"date":"2024-01-31"}"#)
        #expect(try JSONDecoder().decode(DatedValue.self, from: encoded).date.text == "2024-01-31")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DatedValue.self, from: Data(#"{"date":"2023-02-29"}"#.utf8))
        }
    }

    private struct DatedValue: Codable {
        let date: TradingDate
    }
}
