extension MarketDataError {
    /// An error from a TwelveData error code (the body's `code`, or the HTTP status) and message.
    static func twelveData(code: Int, message: String, symbol: String? = nil) -> MarketDataError {
        let kind: Kind =
            switch code {
            case 429: .rateLimited
            case 401, 403: .unauthorized
            case 404: .notFound
            case 400..<500: .badRequest
            default: .upstream
            }
        return MarketDataError(
            kind: kind, code: code, message: message, symbol: symbol, provider: TwelveDataAPI.providerName)
    }

    /// A reply that is not what TwelveData documents; `message` names what was wrong.
    static func malformedTwelveData(_ message: String, symbol: String? = nil) -> MarketDataError {
        MarketDataError(
            kind: .malformedResponse, message: message, symbol: symbol, provider: TwelveDataAPI.providerName)
    }

    /// Whether trying the same request again may succeed: rate limits, upstream errors, timeouts, broken connections.
    var isRetryable: Bool {
        [.rateLimited, .upstream, .timeout, .transport].contains(kind)
    }

    /// Whether a single-symbol request failed because of that symbol rather than the request: a bad or unknown
    /// symbol (400, 404), or one the plan does not cover (403). A bad key (401) fails the request.
    var isAboutSymbol: Bool {
        [.badRequest, .notFound].contains(kind) || code == 403
    }

    /// The same error, saying how many tries it took.
    func afterAttempts(_ attempts: Int) -> MarketDataError {
        var error = self
        error.message = "\(message) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
        return error
    }
}
