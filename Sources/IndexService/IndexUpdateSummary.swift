/// What one pass of the index policy appended.
public struct IndexUpdateSummary: Sendable, Hashable, Codable {
    public var indexId: String
    public var configVersion: Int
    public var valuedDays: Int
    public var rebalances: Int
    /// The last valued date after the pass.
    public var lastValuedDate: String?
    /// The log position of the last event appended, or nil when nothing was due.
    public var lastPosition: Int64?

    enum CodingKeys: String, CodingKey {
        case indexId = "index_id"
        case configVersion = "config_version"
        case valuedDays = "valued_days"
        case rebalances
        case lastValuedDate = "last_valued_date"
        case lastPosition = "last_position"
    }
}
