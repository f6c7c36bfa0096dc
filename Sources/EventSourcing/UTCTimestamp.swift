import Foundation

/// The log's timestamp text: `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds), fixed width so it
/// sorts as text. Formatting and parsing are plain arithmetic (no locale, no formatter objects).
public enum UTCTimestamp {
    /// Formats a date.
    public static func format(_ date: Date) -> String {
        format(micros: Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)))
    }

    /// Formats microseconds since 1970-01-01T00:00:00Z.
    static func format(micros: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(micros: micros, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 text of ``format(_:)`` to `bytes`, without making a string: for log lines.
    public static func append(_ date: Date, to bytes: inout [UInt8]) {
        append(micros: Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)), to: &bytes)
    }

    static func append(micros: Int64, to bytes: inout [UInt8]) {
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 {
            rest += 86_400_000_000
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let second = rest / 1_000_000
        func field(_ value: Int64, _ width: Int, _ separator: Unicode.Scalar) {
            appendDigits(value, width: width, to: &bytes)
            bytes.append(UInt8(ascii: separator))
        }
        field(year, 4, "-")
        field(month, 2, "-")
        field(day, 2, "T")
        field(second / 3600, 2, ":")
        field(second / 60 % 60, 2, ":")
        field(second % 60, 2, ".")
        field(rest % 1_000_000, 6, "Z")
    }

    /// Appends `value` in decimal, zero-padded to `width` digits.
    private static func appendDigits(_ value: Int64, width: Int, to bytes: inout [UInt8]) {
        guard value >= 0 else {
            bytes.append(contentsOf: pad(value, width).utf8)
            return
        }
        var digits = 1
        var scale: Int64 = 1
        while value / scale >= 10 {
            scale *= 10
            digits += 1
        }
        for _ in digits..<max(width, digits) { bytes.append(UInt8(ascii: "0")) }
        while scale > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / scale % 10))
            scale /= 10
        }
    }

    /// Parses text written by ``format(_:)``; `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 27, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "."), bytes[26] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let fraction = number(20..<26), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 60
        else { return nil }
        let days = days(fromCivil: year, month, day)
        let micros = ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1_000_000) + fraction
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// Reads a timestamp as people write it and returns it in the log's form, so it compares with
    /// `recorded_at` as text: `YYYY-MM-DD` (the end of that day, UTC), or `YYYY-MM-DDTHH:MM[:SS[.f…]]`
    /// with `Z`, an offset `±HH:MM`, or nothing (UTC). Digits past microseconds are dropped; a space
    /// may stand for the `T`. Returns nil for anything else.
    public static func normalize(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var index = 0
        func digits(_ count: Int) -> Int64? {
            guard index + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func skip(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), skip("-"), let month = digits(2), skip("-"), let day = digits(2),
            (1...12).contains(month), (1...daysIn(month, of: year)).contains(day)
        else { return nil }
        let midnight = days(fromCivil: year, month, day) * 86_400_000_000
        if index == bytes.count { return format(micros: midnight + 86_400_000_000 - 1) }
        guard skip("T") || skip(" "), let hour = digits(2), hour < 24, skip(":"), let minute = digits(2), minute < 60
        else { return nil }
        var second: Int64 = 0
        var fraction: Int64 = 0
        if skip(":") {
            guard let value = digits(2), value < 60 else { return nil }
            second = value
            if skip(".") {
                var scale: Int64 = 100_000
                let start = index
                while let digit = digits(1) {
                    fraction += digit * scale
                    scale /= 10
                }
                guard index > start else { return nil }
            }
        }
        var offset: Int64 = 0
        if !(skip("Z") || skip("z")), index < bytes.count {
            let sign: Int64
            if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
            guard let hours = digits(2), hours < 24 else { return nil }
            _ = skip(":")
            guard let minutes = digits(2), minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60) * 1_000_000
        }
        guard index == bytes.count else { return nil }
        return format(micros: midnight + (hour * 3600 + minute * 60 + second) * 1_000_000 + fraction - offset)
    }

    private static func daysIn(_ month: Int64, of year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    // Howard Hinnant's civil-from-days and days-from-civil algorithms (proleptic Gregorian).
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func days(fromCivil year0: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let year = month <= 2 ? year0 - 1 : year0
        let era = (year >= 0 ? year : year - 399) / 400
        let yoe = year - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

/// The source of "now" for the log's `recorded_at`, injected so tests and replays are deterministic.
public struct WallClock: Sendable {
    /// Returns the current time.
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system clock.
    public static let system = WallClock { Date() }

    /// A clock stopped at `date`.
    public static func fixed(_ date: Date) -> WallClock { WallClock { date } }
}
