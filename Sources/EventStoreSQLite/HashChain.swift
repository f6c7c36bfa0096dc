import Crypto
import Foundation

/// The log's SHA-256 hash chain.
///
/// Each record's hash is SHA-256 over the previous record's hash and the record's own fields, each
/// field framed as `<byte count>:<bytes>\n` so no two different records frame alike:
/// previous hash (hex), position, stream, version, type, schema version, payload, metadata,
/// recorded_at. The first record's previous hash is 64 zeros.
public enum HashChain {
    /// The previous hash of the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// The fields a record's hash covers.
    struct Fields {
        var previousHash: String
        var position: Int64
        var stream: String
        var version: Int64
        var type: String
        var schemaVersion: Int
        var payload: String
        var metadata: String
        var recordedAt: String
    }

    static func hash(_ fields: Fields) -> String {
        var framed: [UInt8] = []
        framed.reserveCapacity(fields.payload.utf8.count + fields.metadata.utf8.count + 200)
        func frame(_ text: String) {
            appendDecimal(text.utf8.count, to: &framed)
            framed.append(UInt8(ascii: ":"))
            framed.append(contentsOf: text.utf8)
            framed.append(0x0A)
        }
        func frame(_ number: Int64) {
            var digits: [UInt8] = []
            appendDecimal(Int(number), to: &digits)
            appendDecimal(digits.count, to: &framed)
            framed.append(UInt8(ascii: ":"))
            framed.append(contentsOf: digits)
            framed.append(0x0A)
        }
        frame(fields.previousHash)
        frame(fields.position)
        frame(fields.stream)
        frame(fields.version)
        frame(fields.type)
        frame(Int64(fields.schemaVersion))
        frame(fields.payload)
        frame(fields.metadata)
        frame(fields.recordedAt)
        return hex(SHA256.hash(data: framed))
    }

    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDecimal(-value, to: &bytes)
            return
        }
        if value >= 10 { appendDecimal(value / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// SHA-256 of `text`, lowercase hex.
    static func digest(_ text: some DataProtocol) -> String {
        hex(SHA256.hash(data: text))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        let alphabet = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(alphabet[Int(byte >> 4)])
            out.append(alphabet[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
