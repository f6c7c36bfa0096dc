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
        var hasher = SHA256()
        func frame(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                hasher.update(data: Array("\(bytes.count):".utf8))
                hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
                hasher.update(data: [0x0A])
            }
        }
        frame(fields.previousHash)
        frame(String(fields.position))
        frame(fields.stream)
        frame(String(fields.version))
        frame(fields.type)
        frame(String(fields.schemaVersion))
        frame(fields.payload)
        frame(fields.metadata)
        frame(fields.recordedAt)
        return hex(hasher.finalize())
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
