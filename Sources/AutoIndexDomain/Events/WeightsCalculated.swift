import EventSourcing

/// The engine's weights at a rebalance, with every input and intermediate figure needed to audit
/// them. Stream `index-<index_id>`.
public struct WeightsCalculated: DomainEvent {
    public static let eventType = "WeightsCalculated"
    public static let schemaVersion = 1
    public static let streamCategory = "index"

    public var indexId: String
    /// The close at which the weights were decided, `YYYY-MM-DD`; they apply from the next trading day.
    public var asOfDate: String
    /// The `config_version` of the `ConfigUpdated` in force.
    public var configVersion: Int
    /// First and last trading dates of the prices used.
    public var inputStartDate: String
    public var inputEndDate: String
    /// The log position of the last event the inputs were read up to.
    public var lastInputPosition: Int
    /// How each sleeve took part; a sleeve without inputs is left out and the rest renormalised.
    public var sleeves: [Sleeve]
    /// Per-asset components and final weight, sorted by symbol.
    public var assets: [Component]
    /// Assets of the universe left out, with why.
    public var excluded: [Exclusion]

    public init(
        indexId: String, asOfDate: String, configVersion: Int, inputStartDate: String, inputEndDate: String,
        lastInputPosition: Int, sleeves: [Sleeve], assets: [Component], excluded: [Exclusion]
    ) {
        self.indexId = indexId
        self.asOfDate = asOfDate
        self.configVersion = configVersion
        self.inputStartDate = inputStartDate
        self.inputEndDate = inputEndDate
        self.lastInputPosition = lastInputPosition
        self.sleeves = sleeves
        self.assets = assets
        self.excluded = excluded
    }

    enum CodingKeys: String, CodingKey {
        case indexId = "index_id"
        case asOfDate = "as_of_date"
        case configVersion = "config_version"
        case inputStartDate = "input_start_date"
        case inputEndDate = "input_end_date"
        case lastInputPosition = "last_input_position"
        case sleeves, assets, excluded
    }

    /// A sleeve of the blend: `momentum`, `market_cap` or `risk_parity`.
    public struct Sleeve: Codable, Sendable, Hashable {
        public var sleeve: String
        /// The weight the configuration gives it.
        public var configuredWeight: Double
        /// The weight it got after renormalising (0 when left out).
        public var appliedWeight: Double
        /// Why it was left out or changed, e.g. `no market-cap facts`.
        public var note: String?

        public init(sleeve: String, configuredWeight: Double, appliedWeight: Double, note: String?) {
            self.sleeve = sleeve
            self.configuredWeight = configuredWeight
            self.appliedWeight = appliedWeight
            self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case sleeve
            case configuredWeight = "configured_weight"
            case appliedWeight = "applied_weight"
            case note
        }
    }

    /// One asset's inputs and sleeve weights.
    public struct Component: Codable, Sendable, Hashable {
        public var symbol: String
        /// N-day simple return, if computed.
        public var momentum: Double?
        /// Annualised volatility of daily returns (sample std · √252), if computed.
        public var volatility: Double?
        /// Weight within each sleeve (before blending).
        public var momentumWeight: Double?
        public var marketCapWeight: Double?
        public var riskParityWeight: Double?
        /// The final blended weight.
        public var weight: Double

        public init(
            symbol: String, momentum: Double?, volatility: Double?, momentumWeight: Double?, marketCapWeight: Double?,
            riskParityWeight: Double?, weight: Double
        ) {
            self.symbol = symbol
            self.momentum = momentum
            self.volatility = volatility
            self.momentumWeight = momentumWeight
            self.marketCapWeight = marketCapWeight
            self.riskParityWeight = riskParityWeight
            self.weight = weight
        }

        enum CodingKeys: String, CodingKey {
            case symbol, momentum, volatility
            case momentumWeight = "momentum_weight"
            case marketCapWeight = "market_cap_weight"
            case riskParityWeight = "risk_parity_weight"
            case weight
        }
    }

    /// An asset left out of the weights.
    public struct Exclusion: Codable, Sendable, Hashable {
        public var symbol: String
        public var reason: String

        public init(symbol: String, reason: String) {
            self.symbol = symbol
            self.reason = reason
        }
    }

    public init(json reader: inout JSONReader) throws {
        var indexId: String?
        var asOfDate: String?
        var configVersion: Int?
        var inputStartDate: String?
        var inputEndDate: String?
        var lastInputPosition: Int?
        var sleeves: [Sleeve]?
        var assets: [Component]?
        var excluded: [Exclusion]?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "index_id": indexId = try reader.readString()
            case "as_of_date": asOfDate = try reader.readString()
            case "config_version": configVersion = try reader.readInt()
            case "input_start_date": inputStartDate = try reader.readString()
            case "input_end_date": inputEndDate = try reader.readString()
            case "last_input_position": lastInputPosition = try reader.readInt()
            case "sleeves":
                var values: [Sleeve] = []
                try reader.readArray { reader in values.append(try Sleeve(json: &reader)) }
                sleeves = values
            case "assets":
                var values: [Component] = []
                try reader.readArray { reader in values.append(try Component(json: &reader)) }
                assets = values
            case "excluded":
                var values: [Exclusion] = []
                try reader.readArray { reader in values.append(try Exclusion(json: &reader)) }
                excluded = values
            default: try reader.skipValue()
            }
        }
        self.init(
            indexId: try required(indexId, "index_id", of: Self.self),
            asOfDate: try required(asOfDate, "as_of_date", of: Self.self),
            configVersion: try required(configVersion, "config_version", of: Self.self),
            inputStartDate: try required(inputStartDate, "input_start_date", of: Self.self),
            inputEndDate: try required(inputEndDate, "input_end_date", of: Self.self),
            lastInputPosition: try required(lastInputPosition, "last_input_position", of: Self.self),
            sleeves: try required(sleeves, "sleeves", of: Self.self),
            assets: try required(assets, "assets", of: Self.self),
            excluded: try required(excluded, "excluded", of: Self.self))
    }
}

extension WeightsCalculated.Sleeve {
    init(json reader: inout JSONReader) throws {
        var sleeve: String?
        var configuredWeight: Double?
        var appliedWeight: Double?
        var note: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "sleeve": sleeve = try reader.readString()
            case "configured_weight": configuredWeight = try reader.readDouble()
            case "applied_weight": appliedWeight = try reader.readDouble()
            case "note": note = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        guard let sleeve, let configuredWeight, let appliedWeight else {
            throw EventStoreError.corruptRecord("sleeve lacks sleeve, configured_weight or applied_weight")
        }
        self.init(sleeve: sleeve, configuredWeight: configuredWeight, appliedWeight: appliedWeight, note: note)
    }
}

extension WeightsCalculated.Component {
    init(json reader: inout JSONReader) throws {
        var symbol: String?
        var momentum: Double?
        var volatility: Double?
        var momentumWeight: Double?
        var marketCapWeight: Double?
        var riskParityWeight: Double?
        var weight: Double?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "symbol": symbol = try reader.readString()
            case "momentum": momentum = try reader.readOptionalDouble()
            case "volatility": volatility = try reader.readOptionalDouble()
            case "momentum_weight": momentumWeight = try reader.readOptionalDouble()
            case "market_cap_weight": marketCapWeight = try reader.readOptionalDouble()
            case "risk_parity_weight": riskParityWeight = try reader.readOptionalDouble()
            case "weight": weight = try reader.readDouble()
            default: try reader.skipValue()
            }
        }
        guard let symbol, let weight else { throw EventStoreError.corruptRecord("component lacks symbol or weight") }
        self.init(
            symbol: symbol, momentum: momentum, volatility: volatility, momentumWeight: momentumWeight,
            marketCapWeight: marketCapWeight, riskParityWeight: riskParityWeight, weight: weight)
    }
}

extension WeightsCalculated.Exclusion {
    init(json reader: inout JSONReader) throws {
        var symbol: String?
        var reason: String?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "symbol": symbol = try reader.readString()
            case "reason": reason = try reader.readString()
            default: try reader.skipValue()
            }
        }
        guard let symbol, let reason else { throw EventStoreError.corruptRecord("exclusion lacks symbol or reason") }
        self.init(symbol: symbol, reason: reason)
    }
}
