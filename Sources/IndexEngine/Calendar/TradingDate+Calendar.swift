extension TradingDate {
    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil: years start in March so that 29 February ends a year.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// ISO weekday: 1 is Monday … 7 is Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let offset = (dayNumber + 3) % 7
        return (offset < 0 ? offset + 7 : offset) + 1
    }

    /// Day of the year, 1 for 1 January.
    public var dayOfYear: Int {
        guard let newYear = TradingDate(year: year, month: 1, day: 1) else { return 1 }
        return dayNumber - newYear.dayNumber + 1
    }

    /// Calendar quarter, 1…4.
    public var quarter: Int { (month - 1) / 3 + 1 }

    /// ISO 8601 week: weeks start on Monday and week 1 holds the year's first Thursday, so the days
    /// around 1 January may belong to the other year's week (2021-01-01 is in 2020's week 53).
    public var isoWeek: (year: Int, week: Int) {
        let week = (dayOfYear - weekday + 10) / 7
        if week < 1 {
            return (year - 1, Self.isoWeeks(in: year - 1))
        }
        if week > Self.isoWeeks(in: year) {
            return (year + 1, 1)
        }
        return (year, week)
    }

    /// 53 when the year starts on a Thursday, or on a Wednesday in a leap year; otherwise 52.
    private static func isoWeeks(in year: Int) -> Int {
        guard let newYear = TradingDate(year: max(1, year), month: 1, day: 1) else { return 52 }
        let startsOnThursday = newYear.weekday == 4
        let leapStartingWednesday = isLeapYear(year) && newYear.weekday == 3
        return startsOnThursday || leapStartingWednesday ? 53 : 52
    }
}
