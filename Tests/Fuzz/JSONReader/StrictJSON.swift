/// A slow, plain reference parser of RFC 8259 JSON text, the oracle `JSONReader` is checked against.
///
/// It says of a document that it is valid (with its value), invalid, or that RFC 8259 leaves the
/// outcome to the implementation: a lone surrogate escape (§8.2), a number beyond `Double` (§6), or
/// nesting deeper than ``maxDepth`` (§9). The fuzzer asserts nothing about those.
enum StrictJSON {
    /// A JSON value; an object keeps its members in order, duplicates included.
    indirect enum Value: Equatable {
        case null
        case bool(Bool)
        /// Compared by bit pattern, so `-0` and `0` differ.
        case number(Double)
        case string(String)
        case array([Value])
        case object([Member])

        static func == (lhs: Value, rhs: Value) -> Bool {
            switch (lhs, rhs) {
            case (.null, .null): true
            case (.bool(let a), .bool(let b)): a == b
            case (.number(let a), .number(let b)): a.bitPattern == b.bitPattern
            case (.string(let a), .string(let b)): Array(a.unicodeScalars) == Array(b.unicodeScalars)
            case (.array(let a), .array(let b)): a == b
            case (.object(let a), .object(let b)): a == b
            default: false
            }
        }
    }

    struct Member: Equatable {
        var key: String
        var value: Value

        static func == (lhs: Member, rhs: Member) -> Bool {
            Array(lhs.key.unicodeScalars) == Array(rhs.key.unicodeScalars) && lhs.value == rhs.value
        }
    }

    enum Outcome {
        case valid(Value)
        case invalid(String)
        /// RFC 8259 lets an implementation accept or reject it.
        case implementationDefined(String)
    }

    static let maxDepth = 200

    static func parse(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        var parser = Parser(bytes: bytes)
        do throws(Failure) {
            parser.whitespace()
            let value = try parser.value(depth: 0)
            parser.whitespace()
            guard parser.index == bytes.count else { return .invalid("trailing bytes at \(parser.index)") }
            return .valid(value)
        } catch {
            switch error {
            case .invalid(let reason): return .invalid(reason)
            case .implementationDefined(let reason): return .implementationDefined(reason)
            }
        }
    }

    enum Failure: Error {
        case invalid(String)
        case implementationDefined(String)
    }

    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var next: UInt8? { index < bytes.count ? bytes[index] : nil }

        func invalid(_ what: String) -> Failure { .invalid("\(what) at \(index)") }

        mutating func whitespace() {
            while let byte = next, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func value(depth: Int) throws(Failure) -> Value {
            guard depth <= StrictJSON.maxDepth else { throw .implementationDefined("nesting deeper than the cap") }
            guard let byte = next else { throw invalid("no value") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw invalid("no value")
            }
        }

        mutating func literal(_ text: String) throws(Failure) {
            for byte in text.utf8 {
                guard next == byte else { throw invalid("bad literal") }
                index += 1
            }
        }

        mutating func object(depth: Int) throws(Failure) -> Value {
            index += 1
            whitespace()
            var members: [Member] = []
            if next == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                whitespace()
                guard next == UInt8(ascii: "\"") else { throw invalid("key is not a string") }
                let key = try string()
                whitespace()
                guard next == UInt8(ascii: ":") else { throw invalid("no colon") }
                index += 1
                whitespace()
                members.append(Member(key: key, value: try value(depth: depth)))
                whitespace()
                switch next {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return .object(members)
                default: throw invalid("expected , or }")
                }
            }
        }

        mutating func array(depth: Int) throws(Failure) -> Value {
            index += 1
            whitespace()
            var elements: [Value] = []
            if next == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                whitespace()
                elements.append(try value(depth: depth))
                whitespace()
                switch next {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return .array(elements)
                default: throw invalid("expected , or ]")
                }
            }
        }

        /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        mutating func number() throws(Failure) -> Double {
            let start = index
            func digits(_ parser: inout Parser) -> Int {
                var count = 0
                while let byte = parser.next, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    parser.index += 1
                    count += 1
                }
                return count
            }
            if next == UInt8(ascii: "-") { index += 1 }
            if next == UInt8(ascii: "0") {
                index += 1
            } else {
                guard digits(&self) > 0 else { throw invalid("no digits") }
            }
            if next == UInt8(ascii: ".") {
                index += 1
                guard digits(&self) > 0 else { throw invalid("no digits after the point") }
            }
            if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
                index += 1
                if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { index += 1 }
                guard digits(&self) > 0 else { throw invalid("no exponent digits") }
            }
            let token = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let value = Double(token), value.isFinite else {
                throw .implementationDefined("number \(token) beyond Double")
            }
            return value
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = next else { throw invalid("short \\u escape") }
                index += 1
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw invalid("bad hex digit")
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        /// A string; unescaped runs must be well-formed UTF-8 (RFC 8259 §8.1, RFC 3629).
        mutating func string() throws(Failure) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush(_ parser: Parser) throws(Failure) {
                guard !run.isEmpty else { return }
                guard let text = String(validating: run, as: UTF8.self) else {
                    throw parser.invalid("ill-formed UTF-8")
                }
                scalars.append(contentsOf: text.unicodeScalars)
                run.removeAll(keepingCapacity: true)
            }
            var loneSurrogate = false
            while true {
                guard let byte = next else { throw invalid("unterminated string") }
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    try flush(self)
                    if loneSurrogate { throw .implementationDefined("lone surrogate escape") }
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    try flush(self)
                    guard let escaped = next else { throw invalid("unterminated escape") }
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
                        let code = try hex4()
                        if (0xD800..<0xDC00).contains(code) {
                            // A pair only when a low surrogate escape follows at once.
                            let save = index
                            if next == UInt8(ascii: "\\"), index + 1 < bytes.count,
                                bytes[index + 1] == UInt8(ascii: "u")
                            {
                                index += 2
                                let low = try hex4()
                                if (0xDC00..<0xE000).contains(low) {
                                    scalars.append(Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))!)
                                    continue
                                }
                            }
                            index = save
                            loneSurrogate = true
                        } else if (0xDC00..<0xE000).contains(code) {
                            loneSurrogate = true
                        } else {
                            scalars.append(Unicode.Scalar(code)!)
                        }
                    default: throw invalid("bad escape")
                    }
                default:
                    guard byte >= 0x20 else { throw invalid("control character in string") }
                    run.append(byte)
                }
            }
        }
    }
}
