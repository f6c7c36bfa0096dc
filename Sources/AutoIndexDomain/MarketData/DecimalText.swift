/// Decimal text as providers send it (`"189.250"`), checked and compared without rounding.
///
/// Prices and rates stay text in events so nothing is lost at the edge; two texts are the same
/// figure when their canonical forms match (`"189.250"` and `"189.25"`).
public enum DecimalText {
    /// Whether `text` is an unsigned decimal: digits, optionally a point and more digits.
    @inlinable
    public static func isUnsignedDecimal(_ text: some StringProtocol) -> Bool {
        var sawDigit = false
        var sawPoint = false
        var digitsAfterPoint = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if sawPoint { digitsAfterPoint += 1 }
            case UInt8(ascii: "."):
                if sawPoint || !sawDigit { return false }
                sawPoint = true
            default:
                return false
            }
        }
        return sawDigit && (!sawPoint || digitsAfterPoint > 0)
    }

    /// Whether `text` is an unsigned decimal greater than zero.
    @inlinable
    public static func isPositiveDecimal(_ text: some StringProtocol) -> Bool {
        isUnsignedDecimal(text) && text.utf8.contains { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }
    }

    /// The canonical form of an unsigned decimal: no leading zeros before the point, no trailing zeros
    /// after it, no point without digits after it (`"007.500"` → `"7.5"`, `"3.000"` → `"3"`).
    /// - Important: `text` must be an unsigned decimal (see `isUnsignedDecimal`).
    public static func canonical(_ text: String) -> String {
        var integer = Substring(text)
        var fraction = Substring("")
        if let point = text.firstIndex(of: ".") {
            integer = text[..<point]
            fraction = text[text.index(after: point)...]
        }
        while integer.count > 1, integer.first == "0" { integer = integer.dropFirst() }
        while fraction.last == "0" { fraction = fraction.dropLast() }
        return fraction.isEmpty ? String(integer) : "\(integer).\(fraction)"
    }

    /// Whether two unsigned decimals are the same figure.
    public static func sameFigure(_ lhs: String, _ rhs: String) -> Bool {
        lhs == rhs || canonical(lhs) == canonical(rhs)
    }
}
