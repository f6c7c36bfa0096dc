/// A calendar date `YYYY-MM-DD` (proleptic Gregorian, years 1…9999): the key of a trading day.
///
/// Parsing is strict: exactly ten ASCII characters, zero-padded, and a day that exists
/// (`2024-02-29` parses, `2023-02-29` does not). Ordered chronologically; `Codable` as its text.
public struct TradingDate: Sendable, Hashable, Comparable {
    /// 1…9999.
    public let year: Int
    /// 1…12.
    public let month: Int
    /// 1…31, within the month.
    public let day: Int

    /// A date from its parts, or nil when they name no calendar day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, or nil when the text is not exactly that form or names no calendar day.
    public init?(_ text: String) {
        self.init(utf8: text.utf8)
    }

    /// Parses the UTF-8 bytes of `YYYY-MM-DD` (a field of a file, without making a `String` of it).
    @inlinable
    public init?(utf8 text: some Collection<UInt8>) {
        guard text.count == 10 else { return nil }
        var year = 0
        var month = 0
        var day = 0
        var position = 0
        for byte in text {
            defer { position += 1 }
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            switch position {
            case 0..<4: year = year * 10 + digit
            case 5..<7: month = month * 10 + digit
            default: day = day * 10 + digit
            }
        }
        self.init(year: year, month: month, day: day)
    }

    /// The date as `YYYY-MM-DD`.
    public var text: String {
        // Ten ASCII bytes written in place: a small string, no allocation.
        String(unsafeUninitializedCapacity: 10) { bytes in
            func digit(_ value: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10) }
            bytes[0] = digit(year / 1000)
            bytes[1] = digit(year / 100)
            bytes[2] = digit(year / 10)
            bytes[3] = digit(year)
            bytes[4] = UInt8(ascii: "-")
            bytes[5] = digit(month / 10)
            bytes[6] = digit(month)
            bytes[7] = UInt8(ascii: "-")
            bytes[8] = digit(day / 10)
            bytes[9] = digit(day)
            return 10
        }
    }

    /// Chronological order.
    public static func < (lhs: TradingDate, rhs: TradingDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days of `month` (1…12) in `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension TradingDate: LosslessStringConvertible {
    /// `YYYY-MM-DD`.
    public var description: String { text }
}
