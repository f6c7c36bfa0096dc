/// An email address as accounts know it: trimmed, lowercased, and checked for a plausible shape.
///
/// The whole address is lowercased, so `Bob@Example.com` and `bob@example.com` are one account (the
/// original kept the local part's case and so allowed both).
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The normalised address.
    public let text: String

    /// The longest address accepted (it is the id of the account's stream).
    public static let maxLength = 200

    /// - Throws: `AccountError.invalidEmail` naming what is wrong.
    public init(_ raw: String) throws(AccountError) {
        let text = raw.trimmingWhitespace().lowercased()
        guard !text.isEmpty else { throw .invalidEmail("email: required") }
        guard text.utf8.count <= Self.maxLength else {
            throw .invalidEmail("email: longer than \(Self.maxLength) characters")
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw .invalidEmail("email: \"\(raw)\" is not an address of the form name@domain")
        }
        guard Self.isLocalPart(parts[0]) else {
            throw .invalidEmail("email: the part before @ of \"\(raw)\" is not valid")
        }
        guard Self.isDomain(parts[1]) else { throw .invalidEmail("email: the domain of \"\(raw)\" is not valid") }
        self.text = text
    }

    public var description: String { text }

    private static let localSpecials = Set("!#$%&'*+/=?^_`{|}~.-".utf8)

    private static func isLocalPart(_ part: Substring) -> Bool {
        let bytes = Array(part.utf8)
        guard (1...64).contains(bytes.count), bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: ".")
        else { return false }
        guard !part.contains("..") else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || localSpecials.contains($0) }
    }

    private static func isDomain(_ part: Substring) -> Bool {
        let labels = part.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let top = labels.last, top.utf8.count >= 2,
            top.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
        else { return false }
        return labels.allSatisfy { label in
            let bytes = Array(label.utf8)
            return (1...63).contains(bytes.count) && bytes.first != UInt8(ascii: "-")
                && bytes.last != UInt8(ascii: "-")
                && bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
