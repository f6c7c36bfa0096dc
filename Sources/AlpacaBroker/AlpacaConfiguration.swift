import Foundation

/// How to reach Alpaca's Trading API v2: the key pair, the base URL and the retry policy.
///
/// The keys travel only in the `APCA-API-KEY-ID` and `APCA-API-SECRET-KEY` headers; they are never
/// part of a URL, and ``redacting(_:)`` removes them from any text before it is logged or returned.
public struct AlpacaConfiguration: Sendable, CustomStringConvertible {
    /// Alpaca's paper-trading endpoint: the default, so nothing trades real money by accident.
    public static let paperBaseURL = "https://paper-api.alpaca.markets"

    public var keyId: String
    public var secretKey: String
    public var baseURL: String
    public var requestTimeout: Duration = .seconds(10)
    /// Tries of one call that meets a 429, a 5xx or no answer.
    public var maxAttempts = 3
    public var backoffBase: Duration = .milliseconds(500)
    public var backoffCap: Duration = .seconds(8)

    public init(keyId: String, secretKey: String, baseURL: String = Self.paperBaseURL) {
        self.keyId = keyId
        self.secretKey = secretKey
        self.baseURL = baseURL
    }

    /// The configuration `ALPACA_API_KEY_ID`, `ALPACA_API_SECRET_KEY` and `ALPACA_BASE_URL` give; nil
    /// without both keys.
    public init?(environment: [String: String]) {
        guard let keyId = environment["ALPACA_API_KEY_ID"], !keyId.isEmpty,
            let secretKey = environment["ALPACA_API_SECRET_KEY"], !secretKey.isEmpty
        else { return nil }
        let base = environment["ALPACA_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.paperBaseURL
        self.init(keyId: keyId, secretKey: secretKey, baseURL: base)
    }

    /// `text` with both keys replaced by `[redacted]`.
    public func redacting(_ text: String) -> String {
        var text = text
        for secret in [secretKey, keyId] where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return text
    }

    public var description: String { "Alpaca at \(baseURL) (key id [redacted])" }
}
