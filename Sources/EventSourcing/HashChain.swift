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
        public var previousHash: String
        public var position: Int64
        public var stream: String
        public var version: Int64
        public var type: String
        public var schemaVersion: Int
        /// Canonical JSON bytes.
        public var payload: Data
        /// Canonical JSON bytes.
        public var metadata: Data
        public var recordedAt: String

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
        var (previousHash, stream, type, recordedAt) = (
            fields.previousHash, fields.stream, fields.type, fields.recordedAt
        )
        let textBytes = previousHash.utf8.count + stream.utf8.count + type.utf8.count + recordedAt.utf8.count
        // Each of the nine fields adds at most 20 digits of length, a colon and a newline; each of
        // the three numbers takes at most 20 characters.
        let capacity = textBytes + fields.payload.count + fields.metadata.count + 9 * 22 + 3 * 20
        let digest = withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 1) { buffer in
            var framer = Framer(buffer: buffer)
            previousHash.withUTF8 { framer.frame(UnsafeRawBufferPointer($0)) }
            framer.frame(fields.position)
            stream.withUTF8 { framer.frame(UnsafeRawBufferPointer($0)) }
            framer.frame(fields.version)
            type.withUTF8 { framer.frame(UnsafeRawBufferPointer($0)) }
            framer.frame(Int64(fields.schemaVersion))
            fields.payload.withUnsafeBytes { framer.frame($0) }
            fields.metadata.withUnsafeBytes { framer.frame($0) }
            recordedAt.withUTF8 { framer.frame(UnsafeRawBufferPointer($0)) }
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<framer.count]))
            return hasher.finalize()
        }
        return hex(digest)
    }

    /// Writes the framed text a record's hash covers, each field as `<byte count>:<bytes>\n`, into
    /// memory sized for it: this runs for every appended event.
    private struct Framer {
        let buffer: UnsafeMutableRawBufferPointer
        private(set) var count = 0

        init(buffer: UnsafeMutableRawBufferPointer) {
            self.buffer = buffer
        }

        mutating func frame(_ field: UnsafeRawBufferPointer) {
            decimal(Int64(field.count))
            put(UInt8(ascii: ":"))
            UnsafeMutableRawBufferPointer(rebasing: buffer[count..<count + field.count]).copyMemory(from: field)
            count += field.count
            put(0x0A)
        }

        mutating func frame(_ number: Int64) {
            decimal(Int64(Self.digits(number.magnitude) + (number < 0 ? 1 : 0)))
            put(UInt8(ascii: ":"))
            decimal(number)
            put(0x0A)
        }

        private mutating func put(_ byte: UInt8) {
            buffer[count] = byte
            count += 1
        }

        /// Writes `value` in decimal.
        private mutating func decimal(_ value: Int64) {
            if value < 0 { put(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var index = count + Self.digits(magnitude)
            count = index
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
        }

        /// How many decimal digits `value` has.
        private static func digits(_ value: UInt64) -> Int {
            var digits = 1
            var rest = value / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            return digits
        }
    }

    /// SHA-256 of `text`, lowercase hex.
    public static func digest(_ text: some DataProtocol) -> String {
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
