import EventSourcing

/// One asset's weight in an allocation (a decimal; the weights of an allocation sum to 1).
public struct AssetWeight: Codable, Sendable, Hashable {
    public var symbol: String
    public var weight: Double

    public init(symbol: String, weight: Double) {
        self.symbol = symbol
        self.weight = weight
    }

    /// Reads `{"symbol": …, "weight": …}`.
    public init(json reader: inout JSONReader) throws {
        var symbol: String?
        var weight: Double?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "symbol": symbol = try reader.readString()
            case "weight": weight = try reader.readDouble()
            default: try reader.skipValue()
            }
        }
        guard let symbol, let weight else { throw EventStoreError.corruptRecord("asset weight lacks symbol or weight") }
        self.init(symbol: symbol, weight: weight)
    }

    /// Reads an array of asset weights.
    static func readArray(_ reader: inout JSONReader) throws -> [AssetWeight] {
        var weights: [AssetWeight] = []
        try reader.readArray { reader in weights.append(try AssetWeight(json: &reader)) }
        return weights
    }
}
