import Foundation

/// How to reach TwelveData and how hard to push it.
///
/// - Important: `description` and `customMirror` leave the API key out, so printing or dumping a configuration
///   does not leak it.
public struct TwelveDataConfiguration: Sendable, CustomStringConvertible, CustomReflectable {
    /// The API key, sent only in the `Authorization: apikey <KEY>` header.
    public var apiKey: String
    /// Where the API lives, without a trailing slash.
    public var baseURL: String
    /// The subscription tier, which sets the credit limiter.
    public var plan: TwelveDataPlan
    /// Tries per request, the first included (at least 1).
    public var maxAttempts: Int
    /// The wait before the first retry; each later retry waits twice the one before.
    public var backoffBase: Duration
    /// The longest wait between two tries.
    public var backoffCap: Duration
    /// How long one request may take until the reply's head arrives; a body that stalls after that is bounded by
    /// the `HTTPClient`'s read timeout.
    public var requestTimeout: Duration
    /// Symbols per request. Each symbol costs one credit; TwelveData takes up to 120 and the client never sends
    /// more than the plan's credits per minute.
    public var batchSize: Int

    /// The default API address.
    public static let defaultBaseURL = "https://api.twelvedata.com"
    /// The environment variable that holds the API key.
    public static let apiKeyVariable = "TWELVEDATA_API_KEY"
    /// The most symbols TwelveData takes in one batch request.
    public static let maxBatchSize = 120

    /// Creates a configuration.
    /// - Parameters:
    ///   - apiKey: The API key.
    ///   - baseURL: Where the API lives.
    ///   - plan: The subscription tier.
    ///   - maxAttempts: Tries per request, the first included.
    ///   - backoffBase: The wait before the first retry.
    ///   - backoffCap: The longest wait between two tries.
    ///   - requestTimeout: How long one request may take.
    ///   - batchSize: Symbols per request.
    public init(
        apiKey: String,
        baseURL: String = TwelveDataConfiguration.defaultBaseURL,
        plan: TwelveDataPlan = .basic,
        maxAttempts: Int = 4,
        backoffBase: Duration = .seconds(1),
        backoffCap: Duration = .seconds(30),
        requestTimeout: Duration = .seconds(30),
        batchSize: Int = 8
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.plan = plan
        self.maxAttempts = maxAttempts
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
        self.requestTimeout = requestTimeout
        self.batchSize = batchSize
    }

    /// A configuration with the key from `TWELVEDATA_API_KEY` and defaults for the rest.
    /// - Parameter environment: The process environment, e.g. `ProcessInfo.processInfo.environment`.
    /// - Returns: The configuration, or nil when the key is unset or blank.
    public static func fromEnvironment(_ environment: [String: String]) -> TwelveDataConfiguration? {
        guard let key = environment[apiKeyVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty
        else { return nil }
        return TwelveDataConfiguration(apiKey: key)
    }

    /// Everything but the key.
    public var description: String {
        "TwelveDataConfiguration(baseURL: \(baseURL), plan: \(plan), maxAttempts: \(maxAttempts), "
            + "backoff: \(backoffBase)…\(backoffCap), requestTimeout: \(requestTimeout), batchSize: \(batchSize), "
            + "apiKey: [redacted])"
    }

    /// Everything but the key.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "baseURL": baseURL, "plan": plan, "maxAttempts": maxAttempts, "backoffBase": backoffBase,
                "backoffCap": backoffCap, "requestTimeout": requestTimeout, "batchSize": batchSize,
                "apiKey": "[redacted]",
            ])
    }
}
