extension MarketDataError {
    /// The kinds of provider failure. A struct of `static let`s, so adding one breaks no caller.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// A stable name for storing, e.g. `rate_limited`.
        public let name: String
        /// How the kind reads in a sentence, e.g. `rate limit`.
        public let summary: String

        /// Creates a kind.
        /// - Parameters:
        ///   - name: A stable name for storing.
        ///   - summary: How the kind reads in a sentence.
        public init(name: String, summary: String) {
            self.name = name
            self.summary = summary
        }

        /// The provider's per-minute limit was hit (HTTP or body code 429). Retried.
        public static let rateLimited = Kind(name: "rate_limited", summary: "rate limit")
        /// The plan's credits for the day are spent; nothing more until the next day (UTC). Not retried.
        public static let creditsExhausted = Kind(name: "credits_exhausted", summary: "credits exhausted")
        /// The provider failed on its side (HTTP or body code 5xx). Retried.
        public static let upstream = Kind(name: "upstream", summary: "upstream error")
        /// The request was refused as invalid (400 and other 4xx). Not retried.
        public static let badRequest = Kind(name: "bad_request", summary: "bad request")
        /// The API key is missing, wrong, or lacks access (401, 403). Not retried.
        public static let unauthorized = Kind(name: "unauthorized", summary: "unauthorized")
        /// The symbol or resource does not exist (404). Not retried.
        public static let notFound = Kind(name: "not_found", summary: "not found")
        /// The reply was not the JSON we expect; the message names what was wrong. Not retried.
        public static let malformedResponse = Kind(name: "malformed_response", summary: "malformed response")
        /// No reply within the request timeout. Retried.
        public static let timeout = Kind(name: "timeout", summary: "timeout")
        /// The connection failed (refused, reset, TLS …). Retried.
        public static let transport = Kind(name: "transport", summary: "transport error")

        /// The stable name.
        public var description: String { name }
    }
}
