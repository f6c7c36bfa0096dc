import EventSourcing
import Foundation
import Testing

@Suite("JSON reader and writer")
struct JSONReaderTests {
    @Test("strings with escapes, unicode escapes and surrogate pairs decode as RFC 8259 says")
    func escapes() throws {
        let strings = try JSONReader.read(#"["a\"b\\c\/d\n\t\r\b\f", "\u00e9\u20ac", "\ud83d\ude00", "plain é"]"#) {
            reader in try reader.readStringArray()
        }
        #expect(strings == ["a\"b\\c/d\n\t\r\u{08}\u{0C}", "é€", "😀", "plain é"])
    }

    @Test("numbers, booleans, null, nesting and unknown keys")
    func values() throws {
        let text = #" { "i": -42, "d": 1.5e3, "t": true, "f": false, "n": null, "skip": {"x": [1, {"y": "z"}]} } "#
        var seen: [String] = []
        try JSONReader.read(text) { reader in
            try reader.readObject { key, reader in
                seen.append(key)
                switch key {
                case "i": #expect(try reader.readInt() == -42)
                case "d": #expect(try reader.readDouble() == 1500)
                case "t": #expect(try reader.readBool())
                case "f": #expect(try reader.readBool() == false)
                case "n": #expect(try reader.readOptionalString() == nil)
                default: try reader.skipValue()
                }
            }
            try reader.expectEnd()
        }
        #expect(seen == ["i", "d", "t", "f", "n", "skip"])
    }

    @Test(
        "malformed input throws a corrupt-record error with the byte offset",
        arguments: [
            (#"{"a":1"#, "JSON: unterminated object at byte 6"),
            (#"{"a" 1}"#, "JSON: expected ':' at byte 5"),
            (#"["abc]"#, "JSON: unterminated string at byte 6"),
            (#"{"a":1.5}"#, "JSON: expected an integer, found a fraction at byte 6"),
            (#"["\x"]"#, "JSON: bad escape at byte 4"),
            (#"{"a":01}"#, "JSON: leading zero in a number at byte 7"),
        ])
    func malformed(input: String, message: String) throws {
        #expect(throws: EventStoreError.corruptRecord(message)) {
            try JSONReader.read(input) { reader in
                if input.hasPrefix("[") {
                    _ = try reader.readStringArray()
                } else {
                    try reader.readObject { _, reader in _ = try reader.readInt() }
                }
            }
        }
    }

    @Test("the extreme integers read exactly; one past them is out of range")
    func integerBounds() throws {
        #expect(try JSONReader.read("-9223372036854775808") { try $0.readInt() } == Int.min)
        #expect(try JSONReader.read("9223372036854775807") { try $0.readInt() } == Int.max)
        for text in ["-9223372036854775809", "9223372036854775808"] {
            #expect(throws: EventStoreError.self) { try JSONReader.read(text) { try $0.readInt() } }
        }
    }

    @Test(
        "numbers outside RFC 8259's grammar are refused (found by the fuzzer)",
        arguments: ["+1", "01", ".5", "1.", "1e", "1e+", "-", "--1", "1.5.5", "0x10", "Infinity"])
    func numberGrammar(text: String) throws {
        #expect(throws: EventStoreError.self) {
            try JSONReader.read("[\(text)]") { reader in try reader.skipValue() }
        }
        for good in ["0", "-0", "1.5", "-1.5e-3", "2E+10", "10"] {
            #expect(try JSONReader.read(good) { try $0.readDouble() } == Double(good))
        }
    }

    @Test("invalid UTF-8 in a string is refused, in plain and escaped strings (found by the fuzzer)")
    func invalidUTF8() throws {
        let cases: [([UInt8], Int)] = [
            ([0x22, 0xFF, 0x22], 2), ([0x22, 0x61, 0xC3, 0x22], 3), ([0x22, 0x5C, 0x6E, 0xED, 0xA0, 0x80, 0x22], 7),
        ]
        for (bytes, offset) in cases {
            #expect(throws: EventStoreError.corruptRecord("JSON: invalid UTF-8 in string at byte \(offset)")) {
                try JSONReader.read(bytes) { try $0.readString() }
            }
        }
        #expect(try JSONReader.read(Array("\"é€😀\\n\"".utf8)) { try $0.readString() } == "é€😀\n")
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow (found by the fuzzer)")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: EventStoreError.corruptRecord("JSON: nested deeper than 512 levels at byte 512")) {
            try JSONReader.read(deep) { try $0.skipValue() }
        }
        let allowed = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        try JSONReader.read(allowed) { reader in
            try reader.skipValue()
            try reader.expectEnd()
        }
    }

    @Test("the writer escapes what JSON requires and nothing else")
    func writer() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.string("quote \" backslash \\ slash / newline \n tab \t bell \u{07} é")
        writer.key("b")
        writer.beginArray()
        writer.int(1)
        writer.bool(false)
        writer.null()
        writer.endArray()
        writer.endObject()
        #expect(
            writer.text == #"{"a":"quote \" backslash \\ slash / newline \n tab \t bell \u0007 é","b":[1,false,null]}"#)
    }

    @Test("metadata survives the canonical round trip")
    func metadataRoundTrip() throws {
        let metadata = EventMetadata(
            eventId: UUID(), actor: "user-\"7\"", correlationId: "c", causationId: nil, idempotencyKey: "k",
            source: "api")
        let parsed = try EventMetadata(canonicalJSON: Data(metadata.canonicalJSON.utf8))
        #expect(parsed == metadata)
        #expect(metadata.canonicalJSON.contains("causation_id") == false)
    }
}

@Suite("UUID text")
struct UUIDTextTests {
    @Test("formats lowercase and parses either case, matching Foundation")
    func roundTrip() throws {
        for _ in 0..<100 {
            let uuid = UUID()
            #expect(UUIDText.format(uuid) == uuid.uuidString.lowercased())
            #expect(UUIDText.parse(uuid.uuidString) == uuid)
            #expect(UUIDText.parse(UUIDText.format(uuid)) == uuid)
        }
    }

    @Test("random UUIDs are version 4 with the RFC 4122 variant, and differ")
    func random() {
        var seen = Set<UUID>()
        for _ in 0..<1000 {
            let text = Array(UUIDText.format(UUIDText.random()).utf8)
            // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx
            #expect(text[14] == UInt8(ascii: "4"))
            #expect("89ab".utf8.contains(text[19]))
            seen.insert(UUIDText.random())
        }
        #expect(seen.count == 1000)
    }

    @Test(
        "rejects malformed text",
        arguments: ["", "not-a-uuid", "0000000-0000-0000-0000-0000000000000", "g0000000-0000-0000-0000-000000000000"])
    func rejects(text: String) {
        #expect(UUIDText.parse(text) == nil)
    }
}

@Suite("UTC timestamps")
struct UTCTimestampTests {
    @Test(
        "formats and parses fixed-width microsecond UTC text",
        arguments: [
            (0.0, "1970-01-01T00:00:00.000000Z"),
            (951_782_400.5, "2000-02-29T00:00:00.500000Z"),
            (1_704_164_645.678901, "2024-01-02T03:04:05.678901Z"),
            (-1.0, "1969-12-31T23:59:59.000000Z"),
            (4_102_444_799.999999, "2099-12-31T23:59:59.999999Z"),
        ])
    func roundTrip(seconds: Double, text: String) throws {
        #expect(UTCTimestamp.format(Date(timeIntervalSince1970: seconds)) == text)
        let parsed = try #require(UTCTimestamp.parse(text))
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(
        "rejects anything but the log's format",
        arguments: ["2024-01-02T03:04:05Z", "2024-13-02T03:04:05.000000Z", "garbage"])
    func rejects(text: String) {
        #expect(UTCTimestamp.parse(text) == nil)
    }

    @Test(
        "reads the timestamps people write into the log's form",
        arguments: [
            ("2024-01-02", "2024-01-02T23:59:59.999999Z"),
            ("2024-02-29", "2024-02-29T23:59:59.999999Z"),
            ("2024-01-02T03:04", "2024-01-02T03:04:00.000000Z"),
            ("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000000Z"),
            ("2024-01-02 03:04:05.678901Z", "2024-01-02T03:04:05.678901Z"),
            ("2024-01-02T03:04:05.6789019Z", "2024-01-02T03:04:05.678901Z"),
            ("2024-01-02T03:04:05.5", "2024-01-02T03:04:05.500000Z"),
            ("2024-01-02T01:04:05+02:00", "2024-01-01T23:04:05.000000Z"),
            ("2024-01-01T22:30:00-0130", "2024-01-02T00:00:00.000000Z"),
        ])
    func normalizes(text: String, expected: String) {
        #expect(UTCTimestamp.normalize(text) == expected)
    }

    @Test(
        "refuses what is not a date or a timestamp",
        arguments: [
            "", "12", "2023-02-29", "2024-01-02T", "2024-01-02T25:00", "2024-01-02T03:04:05.", "2024-01-02T03:04+2",
            "2024-01-02T03:04:05Q", "yesterday",
        ])
    func refusesToNormalize(text: String) {
        #expect(UTCTimestamp.normalize(text) == nil)
    }
}
