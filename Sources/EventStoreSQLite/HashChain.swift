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
    public struct Fields: Sendable, Hashable {
        var previousHash: String
        var position: Int64
        var stream: String
        var version: Int64
        var type: String
        var schemaVersion: Int
        /// Canonical JSON bytes.
        var payload: Data
        /// Canonical JSON bytes.
        var metadata: Data
        var recordedAt: String

        public init(
            previousHash: String, position: Int64, stream: String, version: Int64, type: String, schemaVersion: Int,
            payload: Data, metadata: Data, recordedAt: String
        ) {
            self.previousHash = previousHash
            self.position = position
            self.stream = stream
            self.version = version
            self.type = type
            self.schemaVersion = schemaVersion
            self.payload = payload
            self.metadata = metadata
            self.recordedAt = recordedAt
        }
    }

    /// The hash of a record with these fields.
    public static func hash(_ fields: Fields) -> String {
        var framed: [UInt8] = []
        framed.reserveCapacity(fields.payload.count + fields.metadata.count + 256)
        func frame(_ bytes: some Collection<UInt8>) {
            appendDecimal(bytes.count, to: &framed)
            framed.append(UInt8(ascii: ":"))
            framed.append(contentsOf: bytes)
            framed.append(0x0A)
        }
        func frame(_ number: Int64) {
            appendDecimal(decimalDigits(number), to: &framed)
            framed.append(UInt8(ascii: ":"))
            appendDecimal(Int(number), to: &framed)
            framed.append(0x0A)
        }
        frame(fields.previousHash.utf8)
        frame(fields.position)
        frame(fields.stream.utf8)
        frame(fields.version)
        frame(fields.type.utf8)
        frame(Int64(fields.schemaVersion))
        frame(fields.payload)
        frame(fields.metadata)
        frame(fields.recordedAt.utf8)
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

    /// How many characters `value` takes in decimal.
    private static func decimalDigits(_ value: Int64) -> Int {
        var count = value < 0 ? 2 : 1
        var rest = value < 0 ? -(value / 10) : value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }

    /// SHA-256 of `text`, lowercase hex.
    static func digest(_ text: some DataProtocol) -> String {
        hex(SHA256.hash(data: text))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            var index = 0
            for byte in digest {
                buffer[index] = hexDigits[Int(byte >> 4)]
                buffer[index + 1] = hexDigits[Int(byte & 0x0F)]
                index += 2
            }
            return 64
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
