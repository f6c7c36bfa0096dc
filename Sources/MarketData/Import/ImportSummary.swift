import AutoIndexDomain

/// What one import or refresh run appended.
public struct ImportSummary: Sendable, Hashable, Codable {
    /// The run's id: the `fetch_id` of its events and the id of its `refresh-<id>` stream.
    public var refreshId: String
    /// `bundled`, `csv`, `ecb-csv`, `twelvedata` …
    public var provider: String
    public var assetsListed: Int
    public var pricesAppended: Int
    public var pricesCorrected: Int
    public var fxRatesAppended: Int
    public var marketCapsReported: Int
    /// The log position of the run's last event.
    public var lastPosition: Int64

    /// What an appended intake plan amounts to.
    init(_ plan: MarketDataIntake.Plan, refreshId: String, provider: String, lastPosition: Int64) {
        self.refreshId = refreshId
        self.provider = provider
        assetsListed = plan.assetsListed
        pricesAppended = plan.pricesAppended
        pricesCorrected = plan.pricesCorrected
        fxRatesAppended = plan.fxRatesAppended
        marketCapsReported = plan.marketCapsReported
        self.lastPosition = lastPosition
    }

    enum CodingKeys: String, CodingKey {
        case refreshId = "refresh_id"
        case provider
        case assetsListed = "assets_listed"
        case pricesAppended = "prices_appended"
        case pricesCorrected = "prices_corrected"
        case fxRatesAppended = "fx_rates_appended"
        case marketCapsReported = "market_caps_reported"
        case lastPosition = "last_position"
    }
}
