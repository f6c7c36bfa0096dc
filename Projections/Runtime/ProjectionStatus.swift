/// Where a projector stands against the log.
public struct ProjectionStatus: Sendable, Hashable, Codable {
    public var name: String
    /// The version the code declares.
    public var version: Int
    /// The version the stored read model was built with (`nil` before the first run).
    public var storedVersion: Int?
    /// The last log position applied.
    public var checkpoint: Int64
    /// The log's head position.
    public var head: Int64

    public init(name: String, version: Int, storedVersion: Int?, checkpoint: Int64, head: Int64) {
        self.name = name
        self.version = version
        self.storedVersion = storedVersion
        self.checkpoint = checkpoint
        self.head = head
    }

    /// Events not yet applied.
    public var lag: Int64 { max(0, head - checkpoint) }

    /// Whether the stored read model was built by another version and will be rebuilt.
    public var needsRebuild: Bool { storedVersion != version }

    enum CodingKeys: String, CodingKey {
        case name, version
        case storedVersion = "stored_version"
        case checkpoint, head, lag
        case needsRebuild = "needs_rebuild"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            version: try container.decode(Int.self, forKey: .version),
            storedVersion: try container.decodeIfPresent(Int.self, forKey: .storedVersion),
            checkpoint: try container.decode(Int64.self, forKey: .checkpoint),
            head: try container.decode(Int64.self, forKey: .head))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encode(storedVersion, forKey: .storedVersion)
        try container.encode(checkpoint, forKey: .checkpoint)
        try container.encode(head, forKey: .head)
        try container.encode(lag, forKey: .lag)
        try container.encode(needsRebuild, forKey: .needsRebuild)
    }
}
