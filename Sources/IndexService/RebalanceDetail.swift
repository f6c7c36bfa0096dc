import AutoIndexDomain
import Crypto
import EventSourcing
import Foundation

/// Everything the log says about one rebalance: who or what asked for it, the configuration in force
/// and who set it, the exact price events it read, the weights it decided and the values that followed.
public struct RebalanceDetail: Sendable, Encodable {
    /// One of the rebalance's own events.
    public struct EventReference: Sendable, Hashable, Encodable {
        public var type: String
        public var position: Int64
        public var hash: String
    }

    /// The configuration version in force and the change that made it.
    public struct ConfigInForce: Sendable, Encodable {
        public var configVersion: Int
        public var setBy: String
        public var setAt: String
        public var reason: String?
        public var changedFields: [String]
        public var position: Int64
        public var config: StrategyConfig

        enum CodingKeys: String, CodingKey {
            case configVersion = "config_version"
            case setBy = "set_by"
            case setAt = "set_at"
            case reason
            case changedFields = "changed_fields"
            case position, config
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(configVersion, forKey: .configVersion)
            try container.encode(setBy, forKey: .setBy)
            try container.encode(setAt, forKey: .setAt)
            try container.encode(reason, forKey: .reason)
            try container.encode(changedFields, forKey: .changedFields)
            try container.encode(position, forKey: .position)
            try container.encode(config, forKey: .config)
        }
    }

    /// One market-data event the rebalance read.
    public struct InputEvent: Sendable, Hashable, Encodable {
        public var position: Int64
        public var type: String
        public var symbol: String
        public var date: String
        /// The close (or market capitalisation) as recorded, decimal text.
        public var value: String
        public var hash: String
    }

    /// The market data the weights were computed from.
    public struct Inputs: Sendable, Encodable {
        public var startDate: String
        public var endDate: String
        public var lastInputPosition: Int
        /// SHA-256 of the inputs' hashes, each as 64 hex digits and a newline, in position order.
        public var digest: String
        public var count: Int
        public var events: [InputEvent]

        enum CodingKeys: String, CodingKey {
            case startDate = "start_date"
            case endDate = "end_date"
            case lastInputPosition = "last_input_position"
            case digest, count, events
        }
    }

    /// An index value computed with the rebalance's weights.
    public struct FollowingValue: Sendable, Hashable, Encodable {
        public var date: String
        public var value: Double
        public var dailyReturn: Double
        public var position: Int64

        enum CodingKeys: String, CodingKey {
            case date, value, position
            case dailyReturn = "daily_return"
        }
    }

    public var rebalance: RebalanceSummary
    public var events: [EventReference]
    public var config: ConfigInForce?
    public var inputs: Inputs
    public var sleeves: [WeightsCalculated.Sleeve]
    public var components: [WeightsCalculated.Component]
    public var excluded: [WeightsCalculated.Exclusion]
    public var oldWeights: [AssetWeight]
    public var newWeights: [AssetWeight]
    public var followingValues: [FollowingValue]

    enum CodingKeys: String, CodingKey {
        case events, config, inputs, sleeves, components, excluded
        case oldWeights = "old_weights"
        case newWeights = "new_weights"
        case followingValues = "following_values"
    }

    public func encode(to encoder: any Encoder) throws {
        try rebalance.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(events, forKey: .events)
        try container.encode(config, forKey: .config)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(sleeves, forKey: .sleeves)
        try container.encode(components, forKey: .components)
        try container.encode(excluded, forKey: .excluded)
        try container.encode(oldWeights, forKey: .oldWeights)
        try container.encode(newWeights, forKey: .newWeights)
        try container.encode(followingValues, forKey: .followingValues)
    }

    /// The digest of `hashes` as ``Inputs/digest`` defines it.
    public static func digest(_ hashes: [String]) -> String {
        let text = hashes.map { $0 + "\n" }.joined()
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension RebalanceAudit {
    /// The full record of one rebalance, or nil when no rebalance has this id.
    ///
    /// The inputs are the `PriceFetched` and `PriceCorrected` events of every asset the rebalance
    /// weighed or excluded, dated within its input window, and the `MarketCapReported` events dated up
    /// to its as-of date, all at or before its last input position. The following values are the
    /// `IndexValued` events after it and before the next rebalance.
    public func detail(_ rebalanceId: String) async throws -> RebalanceDetail? {
        let indexEvents = try await store.read(stream: IndexStreams.index(indexId))
        let own = indexEvents.filter { $0.metadata.correlationId == rebalanceId }
        guard let weightsEvent = own.first(where: { $0.type == WeightsCalculated.eventType }),
            let changeEvent = own.first(where: { $0.type == AllocationChanged.eventType }),
            let entry = try Self.entries(in: indexEvents).first(where: { $0.rebalanceId == rebalanceId })
        else { return nil }
        let weights = try weightsEvent.decode(WeightsCalculated.self)
        let change = try changeEvent.decode(AllocationChanged.self)

        let config = try await configuration(version: weights.configVersion).map { event, updated in
            RebalanceDetail.ConfigInForce(
                configVersion: updated.configVersion, setBy: event.metadata.actor, setAt: event.recordedAt,
                reason: updated.reason, changedFields: updated.changedFields, position: event.position,
                config: updated.config)
        }

        let symbols = Set(weights.assets.map(\.symbol)).union(weights.excluded.map(\.symbol)).sorted()
        let inputs = try await inputEvents(of: symbols, for: weights)
        var following: [RebalanceDetail.FollowingValue] = []
        for event in indexEvents where event.position > changeEvent.position {
            if event.type == AllocationChanged.eventType { break }
            guard event.type == IndexValued.eventType else { continue }
            let valued = try event.decode(IndexValued.self)
            following.append(
                .init(date: valued.date, value: valued.value, dailyReturn: valued.dailyReturn, position: event.position)
            )
        }
        return RebalanceDetail(
            rebalance: entry,
            events: own.map { .init(type: $0.type, position: $0.position, hash: $0.hash) },
            config: config,
            inputs: .init(
                startDate: weights.inputStartDate, endDate: weights.inputEndDate,
                lastInputPosition: weights.lastInputPosition, digest: RebalanceDetail.digest(inputs.map(\.hash)),
                count: inputs.count, events: inputs),
            sleeves: weights.sleeves, components: weights.assets, excluded: weights.excluded,
            oldWeights: change.oldWeights, newWeights: change.newWeights, followingValues: following)
    }

    private func inputEvents(of symbols: [String], for weights: WeightsCalculated) async throws
        -> [RebalanceDetail.InputEvent]
    {
        let last = Int64(weights.lastInputPosition)
        let types: Set<String> = [PriceFetched.eventType, PriceCorrected.eventType, MarketCapReported.eventType]
        var found: [RebalanceDetail.InputEvent] = []
        for symbol in symbols {
            for event in try await store.read(stream: MarketDataStreams.asset(symbol))
            where event.position <= last && types.contains(event.type) {
                let input: (date: String, value: String, inWindow: Bool)
                switch try EventCatalog.decode(event) {
                case let price as PriceFetched:
                    input = (price.date, price.close, price.date >= weights.inputStartDate)
                case let correction as PriceCorrected:
                    input = (correction.date, correction.newClose, correction.date >= weights.inputStartDate)
                case let report as MarketCapReported:
                    input = (report.date, report.marketCap, true)
                default: continue
                }
                guard input.inWindow, input.date <= weights.asOfDate, input.date <= weights.inputEndDate else {
                    continue
                }
                found.append(
                    .init(
                        position: event.position, type: event.type, symbol: symbol, date: input.date,
                        value: input.value, hash: event.hash))
            }
        }
        return found.sorted { $0.position < $1.position }
    }
}
