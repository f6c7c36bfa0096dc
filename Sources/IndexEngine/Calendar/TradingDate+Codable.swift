extension TradingDate: Codable {
    /// Decodes `YYYY-MM-DD`; anything else is a data-corrupted error naming the text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = TradingDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid date \"\(text)\": expected a calendar day as YYYY-MM-DD")
        }
        self = date
    }

    /// Encodes as `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
