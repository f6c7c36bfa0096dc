import Foundation

/// A small, fast pull reader for JSON text, used on the log's read path.
///
/// Foundation's `JSONDecoder` decodes about 160k event payloads a second here; reading the log
/// must be several times faster, so event types decode themselves field by field with this reader.
/// It accepts RFC 8259 JSON and throws `EventStoreError.corruptRecord` on anything else.
///
/// A reader borrows its bytes: create one only through the `read` functions, which keep the bytes
/// alive while `body` runs. Its methods are `@inlinable` so decoders in other modules specialise them.
public struct JSONReader {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline var index: Int

    @usableFromInline
    init(borrowing bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.index = 0
    }

    /// Runs `body` with a reader over `data`.
    @inlinable
    public static func read<Result>(_ data: Data, _ body: (inout JSONReader) throws -> Result) throws -> Result {
        try data.withUnsafeBytes { buffer in
            var reader = JSONReader(borrowing: buffer)
            return try body(&reader)
        }
    }

    /// Runs `body` with a reader over borrowed bytes, which must stay valid while `body` runs.
    @inlinable
    public static func read<Result>(
        borrowing bytes: UnsafeRawBufferPointer, _ body: (inout JSONReader) throws -> Result
    ) rethrows -> Result {
        var reader = JSONReader(borrowing: bytes)
        return try body(&reader)
    }

    /// Runs `body` with a reader over `bytes`.
    @inlinable
    public static func read<Result>(_ bytes: [UInt8], _ body: (inout JSONReader) throws -> Result) throws -> Result {
        try bytes.withUnsafeBytes { buffer in
            var reader = JSONReader(borrowing: buffer)
            return try body(&reader)
        }
    }

    /// Runs `body` with a reader over the UTF-8 of `text`.
    @inlinable
    public static func read<Result>(_ text: String, _ body: (inout JSONReader) throws -> Result) throws -> Result {
        try read(Array(text.utf8), body)
    }

    /// A `String` from UTF-8 bytes, through the standard library's contiguous fast path.
    @inlinable
    static func string(_ raw: UnsafeRawBufferPointer) -> String {
        String(decoding: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// Reads one object, calling `body` with each key; `body` must consume the key's value.
    @inlinable
    public mutating func readObject(_ body: (String, inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            let key = try readString()
            try expect(UInt8(ascii: ":"))
            try body(key, &self)
            skipWhitespace()
            guard let next = peek() else { throw error("unterminated object") }
            index += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw error("expected , or } in object") }
        }
    }

    /// Where a reader is within an object read with ``beginObject()`` and ``nextKey(_:)``.
    public struct ObjectCursor {
        @usableFromInline var isFirst = true

        @inlinable init() {}
    }

    /// Starts reading an object; follow with `while let key = try reader.nextKey(&cursor)`, and
    /// consume each key's value in the loop body. Unlike ``readObject(_:)`` it needs no closure, so
    /// decoders keep their fields on the stack.
    @inlinable
    public mutating func beginObject() throws -> ObjectCursor {
        try expect(UInt8(ascii: "{"))
        return ObjectCursor()
    }

    /// The next key of the object, or `nil` once its closing brace is consumed.
    ///
    /// The key borrows the reader's bytes: match it against string literals in a `switch`
    /// (`case "symbol":`) or copy it with `String(key)`; do not keep it.
    @inlinable
    public mutating func nextKey(_ cursor: inout ObjectCursor) throws -> JSONKey? {
        skipWhitespace()
        guard let next = peek() else { throw error("unterminated object") }
        if next == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if cursor.isFirst {
            cursor.isFirst = false
        } else {
            guard next == UInt8(ascii: ",") else { throw error("expected , or } in object") }
            index += 1
        }
        let key = try readKey()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Reads a key without allocating; keys with escapes fall back to a decoded copy.
    @inlinable
    mutating func readKey() throws -> JSONKey {
        skipWhitespace()
        try expect(UInt8(ascii: "\""))
        let start = index
        if let plain = try readPlainString() { return JSONKey(bytes: plain) }
        return JSONKey(decoded: try readEscapedString(from: start))
    }

    /// Just after an opening quote: the string's bytes when it has no escapes (the closing quote is
    /// consumed), or `nil` at its first backslash, with the reader left there.
    @inlinable
    mutating func readPlainString() throws -> UnsafeRawBufferPointer? {
        let start = index
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let plain = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                guard isASCII || Self.isUTF8(plain) else { throw error("invalid UTF-8 in string") }
                index += 1
                return plain
            }
            if byte == UInt8(ascii: "\\") {
                guard isASCII || Self.isUTF8(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) else {
                    throw error("invalid UTF-8 in string")
                }
                return nil
            }
            if byte < 0x20 { throw error("control character in string") }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        throw error("unterminated string")
    }

    /// Reads a UUID string without building an intermediate `String`.
    @inlinable
    public mutating func readUUID() throws -> UUID {
        skipWhitespace()
        try expect(UInt8(ascii: "\""))
        guard index + 37 <= bytes.count, bytes[index + 36] == UInt8(ascii: "\""),
            let uuid = UUIDText.parse(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + 36)]))
        else { throw error("expected a UUID") }
        index += 37
        return uuid
    }

    /// Reads one array, calling `body` once per element; `body` must consume the element.
    @inlinable
    public mutating func readArray(_ body: (inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try body(&self)
            skipWhitespace()
            guard let next = peek() else { throw error("unterminated array") }
            index += 1
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw error("expected , or ] in array") }
        }
    }

    /// Whether the next value is `null`; if so it is consumed.
    @inlinable
    public mutating func readNull() -> Bool {
        skipWhitespace()
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    /// Reads a string, or `nil` for `null`.
    @inlinable
    public mutating func readOptionalString() throws -> String? {
        readNull() ? nil : try readString()
    }

    /// Reads a string value, resolving escapes.
    @inlinable
    public mutating func readString() throws -> String {
        skipWhitespace()
        try expect(UInt8(ascii: "\""))
        let start = index
        if let plain = try readPlainString() { return Self.string(plain) }
        return try readEscapedString(from: start)
    }

    /// Reads an integer.
    @inlinable
    public mutating func readInt() throws -> Int {
        skipWhitespace()
        var negative = false
        if peek() == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        // Accumulated towards the sign, so Int.min reads too.
        var value = 0
        var digits = 0
        let first = index
        while let byte = peek(), Self.isDigit(byte) {
            let digit = Int(byte - UInt8(ascii: "0"))
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw error("integer out of range") }
            value = sum
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw error("expected an integer") }
        guard digits == 1 || bytes[first] != UInt8(ascii: "0") else { throw error("leading zero in a number") }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            throw error("expected an integer, found a fraction")
        }
        return value
    }

    /// Reads a number as a `Double`.
    @inlinable
    public mutating func readDouble() throws -> Double {
        skipWhitespace()
        let start = index
        // RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw error("expected a number") }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let digit = peek(), Self.isDigit(digit) else { throw error("expected a digit after the point") }
            skipDigits()
        }
        if let exponent = peek(), exponent == UInt8(ascii: "e") || exponent == UInt8(ascii: "E") {
            index += 1
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
            guard let digit = peek(), Self.isDigit(digit) else { throw error("expected a digit in the exponent") }
            skipDigits()
        }
        guard
            let value = Double(Self.string(UnsafeRawBufferPointer(rebasing: bytes[start..<index])))
        else {
            throw error("expected a number")
        }
        return value
    }

    /// Reads `true` or `false`.
    @inlinable
    public mutating func readBool() throws -> Bool {
        skipWhitespace()
        if match("true") { return true }
        if match("false") { return false }
        throw error("expected true or false")
    }

    /// How deeply arrays and objects may nest in a skipped value: deeper input is refused rather
    /// than allowed to exhaust the stack. Events nest a few levels.
    public static let maximumDepth = 512

    /// Skips any one value.
    /// - Throws: `EventStoreError.corruptRecord` for anything but JSON, or nesting deeper than
    ///   ``maximumDepth``.
    @inlinable
    public mutating func skipValue() throws {
        try skipValue(depth: 0)
    }

    @inlinable
    mutating func skipValue(depth: Int) throws {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
            if peek() == UInt8(ascii: "{") {
                try readObject { _, reader in try reader.skipValue(depth: depth + 1) }
            } else {
                try readArray { reader in try reader.skipValue(depth: depth + 1) }
            }
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
        case UInt8(ascii: "n"):
            guard readNull() else { throw error("expected null") }
        default: _ = try readDouble()
        }
    }

    /// Throws unless only whitespace remains.
    @inlinable
    public mutating func expectEnd() throws {
        skipWhitespace()
        guard index == bytes.count else { throw error("trailing characters") }
    }

    // MARK: - Internals

    @inlinable
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @inlinable
    mutating func skipDigits() {
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
    }

    @inlinable
    func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    @inlinable
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inlinable
    mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard peek() == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    @usableFromInline
    mutating func match(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { buffer in
            buffer.indices.allSatisfy { bytes[index + $0] == buffer[$0] }
        }
        if matches { index += count }
        return matches
    }

    @usableFromInline
    mutating func readEscapedString(from start: Int) throws -> String {
        var scalars = String.UnicodeScalarView()
        var plain = Self.string(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        scalars.append(contentsOf: plain.unicodeScalars)
        plain = ""
        var pending: [UInt8] = []
        func flush() throws {
            if !pending.isEmpty {
                guard let text = String(validating: pending, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string")
                }
                scalars.append(contentsOf: text.unicodeScalars)
                pending.removeAll(keepingCapacity: true)
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush()
                guard let escaped = peek() else { throw error("unterminated escape") }
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard match("\\u") else { throw error("lone surrogate") }
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("bad surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("bad unicode escape") }
                    scalars.append(scalar)
                default: throw error("bad escape")
                }
            default:
                if byte < 0x20 { throw error("control character in string") }
                pending.append(byte)
            }
        }
        throw error("unterminated string")
    }

    mutating func readHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short unicode escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("bad hex digit")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Whether `raw` is well-formed UTF-8.
    @usableFromInline
    static func isUTF8(_ raw: UnsafeRawBufferPointer) -> Bool {
        String(validating: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil
    }

    @usableFromInline
    func error(_ message: String) -> EventStoreError {
        .corruptRecord("JSON: \(message) at byte \(index)")
    }
}

extension JSONReader {
    /// Reads an array of strings.
    @inlinable
    public mutating func readStringArray() throws -> [String] {
        var values: [String] = []
        try readArray { reader in values.append(try reader.readString()) }
        return values
    }

    /// Reads a number, or `nil` for `null`.
    @inlinable
    public mutating func readOptionalDouble() throws -> Double? {
        readNull() ? nil : try readDouble()
    }
}

/// An object key as read by ``JSONReader/nextKey(_:)``: a view of the reader's bytes.
public struct JSONKey: CustomStringConvertible {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline let decoded: String?

    @inlinable init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.decoded = nil
    }

    @inlinable init(decoded: String) {
        self.bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        self.decoded = decoded
    }

    /// The key as a `String`.
    public var description: String { decoded ?? JSONReader.string(bytes) }

    /// Whether the key equals `literal`, byte for byte.
    @inlinable
    public static func ~= (literal: StaticString, key: JSONKey) -> Bool {
        if let decoded = key.decoded { return decoded == literal.description }
        guard literal.utf8CodeUnitCount == key.bytes.count else { return false }
        return literal.withUTF8Buffer { expected in
            var index = 0
            while index < expected.count {
                if expected[index] != key.bytes[index] { return false }
                index += 1
            }
            return true
        }
    }
}

extension String {
    /// Copies a borrowed JSON key.
    public init(_ key: JSONKey) {
        self = key.description
    }
}
