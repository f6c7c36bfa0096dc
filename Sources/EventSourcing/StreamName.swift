/// The name of an event stream, `category-id` (for example `asset-AAPL` or `user-3f2a…`).
///
/// The category is the part before the first `-`; it starts with a lowercase letter and holds
/// only ASCII letters and digits. The id is the rest: non-empty, printable ASCII, no spaces.
public struct StreamName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The full name as stored in the log.
    public let rawValue: String

    /// Creates a stream name from its stored form.
    /// - Throws: `EventStoreError.invalidStreamName` when the text is not `category-id`.
    public init(_ rawValue: String) throws {
        guard Self.isValid(rawValue) else { throw EventStoreError.invalidStreamName(rawValue) }
        self.rawValue = rawValue
    }

    /// Creates `category-id`.
    /// - Throws: `EventStoreError.invalidStreamName` when either part is malformed.
    public init(category: String, id: String) throws {
        try self.init("\(category)-\(id)")
    }

    /// Trusted init for names read back from the log, which were validated when appended.
    public init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// The category: the text before the first `-`.
    public var category: String {
        String(rawValue.prefix { $0 != "-" })
    }

    /// The id: the text after the first `-`.
    public var id: String {
        guard let dash = rawValue.firstIndex(of: "-") else { return "" }
        return String(rawValue[rawValue.index(after: dash)...])
    }

    public var description: String { rawValue }

    public static func < (lhs: StreamName, rhs: StreamName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether `category` is a valid category name on its own.
    public static func isValidCategory(_ category: String) -> Bool {
        let bytes = Array(category.utf8)
        guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            return false
        }
        return bytes.allSatisfy { isASCIILetterOrDigit($0) }
    }

    static func isValid(_ raw: String) -> Bool {
        guard let dash = raw.firstIndex(of: "-") else { return false }
        let category = String(raw[..<dash])
        let id = raw.utf8[raw.utf8.index(after: dash)...]
        guard isValidCategory(category), !id.isEmpty, id.count <= 200 else { return false }
        return id.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension StreamName: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
