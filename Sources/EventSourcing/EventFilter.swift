/// Which events a read or subscription returns. An empty filter returns every event.
public struct EventFilter: Sendable, Hashable {
    /// Only this stream.
    public var stream: StreamName?
    /// Only streams of this category (`asset` matches `asset-AAPL`).
    public var category: String?
    /// Only these event types.
    public var types: Set<String>

    public init(stream: StreamName? = nil, category: String? = nil, types: Set<String> = []) {
        self.stream = stream
        self.category = category
        self.types = types
    }

    /// Every event.
    public static let all = EventFilter()

    /// Whether `event` passes the filter.
    public func matches(_ event: RecordedEvent) -> Bool {
        if let stream, event.stream != stream { return false }
        if let category, event.stream.category != category { return false }
        if !types.isEmpty, !types.contains(event.type) { return false }
        return true
    }
}
