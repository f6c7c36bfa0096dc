import AutoIndexDomain
import Foundation

@testable import EventSourcing

/// libFuzzer's entry point: one input, read every way the log reads JSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONReader(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    JSONReaderFuzz.run(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

/// The checks, each an invariant `JSONReader` and the event decoders must keep on any bytes:
///
/// 1. No crash, no read out of bounds (ASan), no hang (libFuzzer's `-timeout`), and every error is
///    `EventStoreError.corruptRecord`.
/// 2. RFC 8259 JSON (by ``StrictJSON``) is accepted, and read as the same value: the same strings
///    (escapes, surrogate pairs), the same numbers, the same keys in order, by the generic walk and
///    by each typed read (`readString`, `readInt`, `readDouble`, `nextKey` …).
/// 3. `skipValue`, the generic walk and `AppendRequest.isJSONObject` agree on what they accept.
/// 4. An event or metadata the decoders accept encodes to RFC 8259 JSON that decodes to the same
///    value (the encoder's keys and the hand-written decoder's keys agree).
/// 5. What the reader accepts is RFC 8259 JSON, as its doc comment says (`FUZZ_JSON_STRICT=0` skips it).
enum JSONReaderFuzz {
    static let strict = ProcessInfo.processInfo.environment["FUZZ_JSON_STRICT"] != "0"

    static func run(_ bytes: UnsafeRawBufferPointer) {
        let reference = StrictJSON.parse(bytes)
        let skipped = accepts(bytes) { reader in
            try reader.skipValue()
            try reader.expectEnd()
        }
        checkGenericWalk(bytes, reference: reference, skipped: skipped)
        let isObject = AppendRequest.isJSONObject(Data(bytes))
        check(isObject == (skipped && bytes.first == UInt8(ascii: "{")), "isJSONObject disagrees with skipValue", bytes)
        checkTypedReads(bytes, reference: reference)
        checkEvents(bytes)
        checkMetadata(bytes)
    }

    // MARK: - The generic walk

    /// A harness limit, not the reader's: deeper input is only skipped, not walked.
    struct TooDeep: Error {}

    /// The value the reader sees, walked with its public reads the way `skipValue` dispatches.
    static func walk(_ reader: inout JSONReader, depth: Int = 0) throws -> StrictJSON.Value {
        guard depth < 1000 else { throw TooDeep() }
        reader.skipWhitespace()
        switch reader.peek() {
        case UInt8(ascii: "{"):
            var members: [StrictJSON.Member] = []
            try reader.readObject { key, reader in
                members.append(StrictJSON.Member(key: key, value: try walk(&reader, depth: depth + 1)))
            }
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [StrictJSON.Value] = []
            try reader.readArray { reader in elements.append(try walk(&reader, depth: depth + 1)) }
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try reader.readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try reader.readBool())
        case UInt8(ascii: "n"):
            guard reader.readNull() else { throw EventStoreError.corruptRecord("expected null") }
            return .null
        default: return .number(try reader.readDouble())
        }
    }

    static func checkGenericWalk(_ bytes: UnsafeRawBufferPointer, reference: StrictJSON.Outcome, skipped: Bool) {
        let walked: StrictJSON.Value?
        do {
            walked = try JSONReader.read(borrowing: bytes) { reader in
                let value = try walk(&reader)
                try reader.expectEnd()
                return value
            }
        } catch is TooDeep {
            return
        } catch {
            expectCorruptRecord(error, "generic walk", bytes)
            walked = nil
        }
        check((walked != nil) == skipped, "skipValue and the generic walk disagree", bytes)
        switch reference {
        case .valid(let value):
            guard let walked else { fail("rejects RFC 8259 JSON", bytes) }
            check(walked == value, "reads RFC 8259 JSON as another value: \(walked) vs \(value)", bytes)
        case .invalid(let reason):
            if strict && walked != nil { fail("accepts JSON that is not RFC 8259 (\(reason))", bytes) }
        case .implementationDefined:
            break
        }
    }

    // MARK: - Typed reads of a whole document

    static func checkTypedReads(_ bytes: UnsafeRawBufferPointer, reference: StrictJSON.Outcome) {
        var value: StrictJSON.Value?
        if case .valid(let valid) = reference { value = valid }
        let rejected: Bool
        if case .invalid = reference { rejected = true } else { rejected = false }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .init(charactersIn: " \t\r\n"))

        let string = typed(bytes) { try $0.readString() }
        if case .string(let expected)? = value {
            check(string.map { StrictJSON.Value.string($0) } == .string(expected), "readString differs", bytes)
        }
        lax(string != nil && rejected, "readString accepts non-RFC 8259 JSON", bytes)

        let optionalString = typed(bytes) { try $0.readOptionalString() }
        if case .null? = value { check(optionalString == .some(nil), "readOptionalString misses null", bytes) }

        let double = typed(bytes) { try $0.readDouble() }
        if case .number(let expected)? = value {
            check(double?.bitPattern == expected.bitPattern, "readDouble differs from \(expected)", bytes)
        }
        lax(double != nil && rejected, "readDouble accepts non-RFC 8259 JSON", bytes)
        let optionalDouble = typed(bytes) { try $0.readOptionalDouble() }
        if case .null? = value { check(optionalDouble == .some(nil), "readOptionalDouble misses null", bytes) }

        let integer = typed(bytes) { try $0.readInt() }
        if case .number? = value, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }),
            let expected = Int(text)
        {
            lax(integer != expected, "readInt reads \(integer.map(String.init) ?? "an error"), not \(expected)", bytes)
        }
        lax(integer != nil && rejected, "readInt accepts non-RFC 8259 JSON", bytes)

        let bool = typed(bytes) { try $0.readBool() }
        if case .bool(let expected)? = value { check(bool == expected, "readBool differs", bytes) }
        lax(bool != nil && rejected, "readBool accepts non-RFC 8259 JSON", bytes)

        if let uuid = typed(bytes, { try $0.readUUID() }) {
            guard case .string(let expected)? = value else { fail("readUUID accepts a non-string", bytes) }
            if let foundation = UUID(uuidString: expected) { check(foundation == uuid, "readUUID differs", bytes) }
        }

        let strings = typed(bytes) { try $0.readStringArray() }
        if case .array(let elements)? = value, elements.allSatisfy({ if case .string = $0 { true } else { false } }) {
            check(strings.map { .array($0.map(StrictJSON.Value.string)) } == value, "readStringArray differs", bytes)
        }

        let keys = typed(bytes) { reader -> [String] in
            var keys: [String] = []
            var cursor = try reader.beginObject()
            while let key = try reader.nextKey(&cursor) {
                let copy = String(key)
                for literal: StaticString in ["event_id", "actor", "symbol", "é", ""] {
                    check(
                        (literal ~= key) == (copy == literal.description), "JSONKey ~= disagrees on \(literal)", bytes)
                }
                keys.append(copy)
                try reader.skipValue()
            }
            return keys
        }
        if case .object(let members)? = value {
            check(
                keys?.map { Array($0.unicodeScalars) } == members.map { Array($0.key.unicodeScalars) },
                "nextKey reads other keys", bytes)
        }
        lax(keys != nil && rejected, "nextKey accepts non-RFC 8259 JSON", bytes)
    }

    // MARK: - The event decoders

    static func checkEvents(_ bytes: UnsafeRawBufferPointer) {
        for type in EventCatalog.types {
            let event: any DomainEvent
            do {
                event = try JSONReader.read(borrowing: bytes) { reader in
                    try EventCatalog.decode(type: type.eventType, schemaVersion: type.schemaVersion, from: &reader)
                }
            } catch {
                expectCorruptRecord(error, "\(type.eventType) decoder", bytes)
                continue
            }
            // A non-finite number decodes but cannot be encoded; the log never holds one.
            guard let encoded = try? CanonicalJSON.encode(event) else { continue }
            let again = encoded.withUnsafeBytes { encoded -> (any DomainEvent)? in
                guard case .valid = StrictJSON.parse(encoded) else {
                    fail(
                        "\(type.eventType) encodes to non-RFC 8259 JSON: \(String(decoding: encoded, as: UTF8.self))",
                        bytes)
                }
                return try? JSONReader.read(borrowing: encoded) { reader in
                    try EventCatalog.decode(type: type.eventType, schemaVersion: type.schemaVersion, from: &reader)
                }
            }
            guard let again else {
                fail(
                    "\(type.eventType) does not decode its own encoding \(String(decoding: encoded, as: UTF8.self))",
                    bytes)
            }
            check(AnyHashable(again) == AnyHashable(event), "\(type.eventType) changes over a round trip", bytes)
        }
    }

    static func checkMetadata(_ bytes: UnsafeRawBufferPointer) {
        let metadata: EventMetadata
        do {
            metadata = try EventMetadata(canonicalJSON: Data(bytes))
        } catch {
            return expectCorruptRecord(error, "EventMetadata", bytes)
        }
        let canonical = metadata.canonicalJSONBytes
        canonical.withUnsafeBytes { encoded in
            guard case .valid = StrictJSON.parse(encoded) else { fail("metadata encodes to non-JSON", bytes) }
        }
        let again = try? EventMetadata(canonicalJSON: Data(canonical))
        check(again == metadata, "metadata changes over a round trip: \(metadata.canonicalJSON)", bytes)
    }

    // MARK: - Helpers

    static func accepts(_ bytes: UnsafeRawBufferPointer, _ body: (inout JSONReader) throws -> Void) -> Bool {
        typed(bytes, body) != nil
    }

    /// One typed read of the whole document; nil when the reader throws (which must be `corruptRecord`).
    static func typed<Result>(_ bytes: UnsafeRawBufferPointer, _ body: (inout JSONReader) throws -> Result) -> Result? {
        do {
            return try JSONReader.read(borrowing: bytes) { reader in
                let result = try body(&reader)
                try reader.expectEnd()
                return result
            }
        } catch {
            expectCorruptRecord(error, "a typed read", bytes)
            return nil
        }
    }

    static func expectCorruptRecord(_ error: any Error, _ what: String, _ bytes: UnsafeRawBufferPointer) {
        guard let error = error as? EventStoreError, case .corruptRecord = error else {
            fail("\(what) threw \(type(of: error)) \(error), not EventStoreError.corruptRecord", bytes)
        }
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String, _ bytes: UnsafeRawBufferPointer) {
        if !condition { fail(message(), bytes) }
    }

    /// A check of the reader's RFC 8259 strictness, unless `FUZZ_JSON_STRICT=0`.
    static func lax(_ violated: Bool, _ message: @autoclosure () -> String, _ bytes: UnsafeRawBufferPointer) {
        if strict && violated { fail(message(), bytes) }
    }

    static func fail(_ message: String, _ bytes: UnsafeRawBufferPointer) -> Never {
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        FileHandle.standardError.write(Data("\nFUZZ INVARIANT BROKEN: \(message)\ninput (hex): \(hex)\n".utf8))
        abort()
    }
}
