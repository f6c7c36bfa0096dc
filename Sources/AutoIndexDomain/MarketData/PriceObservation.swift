/// A daily close of one symbol, as a file or provider gave it.
public struct PriceObservation: Sendable, Hashable {
    public var symbol: String
    /// `YYYY-MM-DD`.
    public var date: String
    /// Decimal text exactly as received.
    public var close: String

    public init(symbol: String, date: String, close: String) {
        self.symbol = symbol
        self.date = date
        self.close = close
    }

    /// Whether `symbol` is a ticker the catalog accepts: 1–20 of `A–Z 0–9 . ^ -`.
    @inlinable
    public static func isValidSymbol(_ symbol: some StringProtocol) -> Bool {
        let count = symbol.utf8.count
        guard count >= 1, count <= 20 else { return false }
        return symbol.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "^") || byte == UInt8(ascii: "-")
        }
    }
}

/// A daily FX reference rate: units of `currency` per one unit of `baseCurrency`.
public struct FxObservation: Sendable, Hashable {
    public var currency: String
    public var baseCurrency: String
    /// `YYYY-MM-DD`.
    public var date: String
    /// Decimal text exactly as received.
    public var rate: String

    public init(currency: String, baseCurrency: String, date: String, rate: String) {
        self.currency = currency
        self.baseCurrency = baseCurrency
        self.date = date
        self.rate = rate
    }

    /// Whether `code` is an ISO 4217 style code: three of `A–Z`.
    @inlinable
    public static func isValidCurrency(_ code: some StringProtocol) -> Bool {
        code.utf8.count == 3 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}
