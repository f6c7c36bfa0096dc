import EventSourcing

/// A refresh run stopped with an error; what it appended before stays. Stream `refresh-<refresh_id>`.
public struct RefreshFailed: DomainEvent {
    public static let eventType = "RefreshFailed"
    public static let schemaVersion = 1
    public static let streamCategory = "refresh"

    public var refreshId: String
    public var provider: String
    /// The provider's or our own message, e.g. TwelveData's `{"code":429,"message":…}`.
    public var error: String
    /// The provider's error code, if it gave one.
    public var errorCode: Int?
    public var creditsUsed: Int

    public init(refreshId: String, provider: String, error: String, errorCode: Int?, creditsUsed: Int) {
        self.refreshId = refreshId
        self.provider = provider
        self.error = error
        self.errorCode = errorCode
        self.creditsUsed = creditsUsed
    }

    enum CodingKeys: String, CodingKey {
        case refreshId = "refresh_id"
        case provider, error
        case errorCode = "error_code"
        case creditsUsed = "credits_used"
    }

    public init(json reader: inout JSONReader) throws {
        var refreshId: String?
        var provider: String?
        var error: String?
        var errorCode: Int?
        var creditsUsed: Int?
        var object = try reader.beginObject()
        while let key = try reader.nextKey(&object) {
            switch key {
            case "refresh_id": refreshId = try reader.readString()
            case "provider": provider = try reader.readString()
            case "error": error = try reader.readString()
            case "error_code": errorCode = reader.readNull() ? nil : try reader.readInt()
            case "credits_used": creditsUsed = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        self.init(
            refreshId: try required(refreshId, "refresh_id", of: Self.self),
            provider: try required(provider, "provider", of: Self.self),
            error: try required(error, "error", of: Self.self), errorCode: errorCode,
            creditsUsed: try required(creditsUsed, "credits_used", of: Self.self))
    }
}
