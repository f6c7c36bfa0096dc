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
        var framer = Framer(capacity: fields.payload.count + fields.metadata.count + 256)
        framer.frame(fields.previousHash)
        framer.frame(fields.position)
        framer.frame(fields.stream)
        framer.frame(fields.version)
        framer.frame(fields.type)
        framer.frame(Int64(fields.schemaVersion))
        fields.payload.withUnsafeBytes { framer.frame($0) }
        fields.metadata.withUnsafeBytes { framer.frame($0) }
        framer.frame(fields.recordedAt)
        return hex(SHA256.hash(data: framer.bytes))
    }

    /// Builds the framed text a record's hash covers: each field as `<byte count>:<bytes>\n`.
    private struct Framer {
        private(set) var bytes: [UInt8] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        mutating func frame(_ field: UnsafeRawBufferPointer) {
            Self.decimal(Int64(field.count)) { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: field)
            bytes.append(0x0A)
        }

        mutating func frame(_ text: String) {
            var text = text
            text.withUTF8 { frame(UnsafeRawBufferPointer($0)) }
        }

        mutating func frame(_ number: Int64) {
            Self.decimal(number) { frame($0) }
        }

        /// Calls `body` with the decimal digits of `value` (and its sign).
        private static func decimal(_ value: Int64, _ body: (UnsafeRawBufferPointer) -> Void) {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
                var start = buffer.count
                var magnitude = value.magnitude
                repeat {
                    start -= 1
                    buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                } while magnitude > 0
                if value < 0 {
                    start -= 1
                    buffer[start] = UInt8(ascii: "-")
                }
                body(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[start...])))
            }
        }
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
