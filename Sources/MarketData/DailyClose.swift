/// One daily observation exactly as the provider sent it.
public struct DailyClose: Sendable, Hashable {
    /// The trading date, `YYYY-MM-DD`.
    public var date: String
    /// The close as decimal text exactly as received, e.g. `"185.64000"`.
    public var close: String

    /// Creates an observation.
    /// - Parameters:
    ///   - date: The trading date, `YYYY-MM-DD`.
    ///   - close: The close as decimal text exactly as received.
    public init(date: String, close: String) {
        self.date = date
        self.close = close
    }
}
