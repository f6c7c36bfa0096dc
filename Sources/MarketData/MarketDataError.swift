/// A provider failure, clear enough to show a user and to record in a `RefreshFailed` event.
///
/// `description` reads like `TwelveData rate limit: You have run out of API credits for the current minute.
/// after 4 attempts`, or `TwelveData not found for XXXX: …` when about one symbol. It never contains the API key:
/// text from the provider is redacted before it gets here.
public struct MarketDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, coarse enough to decide on: retry, tell the user to fix the key, wait for tomorrow …
    public var kind: Kind
    /// The provider's own error code (TwelveData's `code`), or the HTTP status when the body had none.
    public var code: Int?
    /// The provider's message, or ours when the provider sent none.
    public var message: String
    /// The symbol this failure is about, when it is about one symbol.
    public var symbol: String?
    /// Who failed, as shown to a user, e.g. `TwelveData`.
    public var provider: String

    /// Creates an error.
    /// - Parameters:
    ///   - kind: What went wrong.
    ///   - code: The provider's error code or the HTTP status, if any.
    ///   - message: The provider's message, or ours.
    ///   - symbol: The symbol the failure is about, if it is about one.
    ///   - provider: Who failed, as shown to a user.
    public init(kind: Kind, code: Int? = nil, message: String, symbol: String? = nil, provider: String) {
        self.kind = kind
        self.code = code
        self.message = message
        self.symbol = symbol
        self.provider = provider
    }

    /// `<provider> <kind>[ for <symbol>]: <message>`.
    public var description: String {
        "\(provider) \(kind.summary)\(symbol.map { " for \($0)" } ?? ""): \(message)"
    }
}
