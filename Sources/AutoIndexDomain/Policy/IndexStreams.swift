import EventSourcing

/// The streams of an index and its strategy.
public enum IndexStreams {
    /// The index AutoIndex runs out of the box.
    public static let defaultIndexId = "autoindex"

    /// `index-<id>`: rebalances and daily values.
    public static func index(_ indexId: String) -> StreamName { StreamName(unchecked: "index-\(indexId)") }

    /// `strategy-<id>`: the configuration changes.
    public static func strategy(_ indexId: String) -> StreamName { StreamName(unchecked: "strategy-\(indexId)") }
}
