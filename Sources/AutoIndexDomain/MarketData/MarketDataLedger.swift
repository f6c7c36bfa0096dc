import EventSourcing

/// What the log already holds about assets, prices and FX rates: the state market-data intake decides
/// against, so that a refresh appends only what is new and corrects what changed.
public struct MarketDataLedger: EventFolding, Hashable {
    /// The event types that build a ledger; others are ignored.
    public static let eventTypes: Set<String> = [
        AssetListed.eventType, PriceFetched.eventType, PriceCorrected.eventType, FxRateFetched.eventType,
        MarketCapReported.eventType,
    ]

    /// Listed assets by symbol.
    public private(set) var assets: [String: AssetListed] = [:]
    /// The close in force per symbol and date (corrections applied).
    public private(set) var closes: [String: [String: String]] = [:]
    /// The market capitalisation per symbol and date (the latest report for a date wins).
    public private(set) var marketCaps: [String: [String: String]] = [:]
    /// The rate per currency and date (units per 1 EUR).
    public private(set) var fxRates: [String: [String: String]] = [:]
    /// The version each asset and FX stream has reached.
    public private(set) var streamVersions: [StreamName: Int64] = [:]
    /// The position of the last event applied.
    public private(set) var lastPosition: Int64 = 0

    public init() {}

    /// Applies one recorded event; events of other types only advance `lastPosition`.
    /// - Throws: `EventStoreError.corruptRecord` for a malformed payload.
    public mutating func evolve(_ recorded: RecordedEvent) throws {
        lastPosition = max(lastPosition, recorded.position)
        guard Self.eventTypes.contains(recorded.type) else { return }
        evolve(try EventCatalog.decode(recorded), stream: recorded.stream, version: recorded.version)
    }

    /// Applies a plan that has just been appended, without reading it back.
    /// - Parameters:
    ///   - positions: the positions the append returned, one per event in the plan's order.
    public mutating func evolve(_ plan: PlannedAppend, positions: [Int64]) {
        var next = positions.makeIterator()
        for part in plan.parts where !part.events.isEmpty {
            var version: Int64
            switch part.expectedVersion {
            case .exact(let expected): version = expected
            case .noStream, .any: version = self.version(of: part.stream)
            }
            for planned in part.events {
                version += 1
                let position = next.next()
                if let position, Self.eventTypes.contains(type(of: planned.event).eventType) {
                    lastPosition = max(lastPosition, position)
                }
                evolve(planned.event, stream: part.stream, version: version)
            }
        }
    }

    /// Applies one decoded event of `stream` at `version`.
    public mutating func evolve(_ event: any DomainEvent, stream: StreamName, version: Int64) {
        switch event {
        case let listed as AssetListed:
            assets[listed.symbol] = listed
        case let price as PriceFetched:
            closes[price.symbol, default: [:]][price.date] = price.close
        case let correction as PriceCorrected:
            closes[correction.symbol, default: [:]][correction.date] = correction.newClose
        case let report as MarketCapReported:
            marketCaps[report.symbol, default: [:]][report.date] = report.marketCap
        case let rate as FxRateFetched:
            fxRates[rate.currency, default: [:]][rate.date] = rate.rate
        default:
            return
        }
        streamVersions[stream] = max(streamVersions[stream] ?? 0, version)
    }

    /// Each symbol's market capitalisation as of `date`: its latest report dated on or before it.
    public func marketCaps(asOf date: String) -> [String: Double] {
        var caps: [String: Double] = [:]
        for (symbol, reports) in marketCaps {
            guard let latest = reports.keys.filter({ $0 <= date }).max(), let text = reports[latest],
                let value = Double(text)
            else { continue }
            caps[symbol] = value
        }
        return caps
    }

    /// The version `stream` has reached (0 when it has no events).
    public func version(of stream: StreamName) -> Int64 { streamVersions[stream] ?? 0 }

    /// The latest date with a close for `symbol`.
    public func lastPriceDate(of symbol: String) -> String? { closes[symbol]?.keys.max() }

    /// The latest date with a rate for `currency`.
    public func lastFxDate(of currency: String) -> String? { fxRates[currency]?.keys.max() }
}
