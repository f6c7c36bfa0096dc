import Foundation

/// Exact decimal arithmetic for cash, prices and quantities, and the decimal text events carry.
///
/// Money never passes through a binary float: events hold decimal text, the deciders compute with
/// `Decimal`, and the two rounding rules of the fill are named here.
public enum Money {
    /// The value of signed decimal text (`"-12.50"`, `"10000"`); nil for anything else (exponents,
    /// spaces, a lone point, `"12abc"`), which `Decimal(string:)` alone would half-accept.
    public static func parse(_ text: String) -> Decimal? {
        var digits = Substring(text)
        if digits.first == "-" { digits = digits.dropFirst() }
        guard DecimalText.isUnsignedDecimal(digits), digits.count <= 40 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The canonical text of `value`: no exponent, no trailing zeros (`10000`, `76.964519`).
    public static func text(_ value: Decimal) -> String {
        value.description
    }

    /// `value` rounded toward zero to `places` decimals: how a notional becomes a quantity.
    public static func roundedDown(_ value: Decimal, places: Int) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, places, value < 0 ? .up : .down)
        return output
    }

    /// `value` rounded half-to-even to cents: commissions, market values.
    public static func cents(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .bankers)
        return output
    }

    /// The decimal `Decimal` of a weight or rate held as a binary float, through its shortest text, so
    /// that `0.05` is exactly 0.05.
    public static func decimal(_ value: Double) -> Decimal {
        Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
    }
}

extension Decimal {
    /// Decimal text for events and read models (see ``Money/text(_:)``).
    public var moneyText: String { Money.text(self) }
}
