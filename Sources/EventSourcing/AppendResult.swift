/// Where an append landed in the log.
public struct AppendResult: Sendable, Hashable, Codable {
    /// The global position of each appended event, in request order.
    public var positions: [Int64]
    /// Each stream's version after the append, in request order.
    public var streamVersions: [StreamVersion]

    public init(positions: [Int64], streamVersions: [StreamVersion]) {
        self.positions = positions
        self.streamVersions = streamVersions
    }

    /// The position of the last appended event: the position a reader must reach to see this write.
    public var lastPosition: Int64 { positions.last ?? 0 }

    /// The position of the first appended event.
    public var firstPosition: Int64 { positions.first ?? 0 }

    /// A stream and its version after an append.
    public struct StreamVersion: Sendable, Hashable, Codable {
        public var stream: String
        public var version: Int64

        public init(stream: String, version: Int64) {
            self.stream = stream
            self.version = version
        }
    }
}
