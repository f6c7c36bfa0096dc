import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Lowercase UUID text (`8-4-4-4-12` hex), formatted and parsed without Foundation's
/// `sprintf`/`sscanf` path, which dominates reading the log otherwise.
public enum UUIDText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A random (version 4) UUID from the system's generator, drawn from a pool
    /// refilled 4 KB at a time. Foundation's `UUID()` opens `/dev/urandom` for each one there (11 % of
    /// a first start's import), and a `getrandom` call per UUID was still 4 %.
    public static func random() -> UUID {
        var bytes = randomPool.withLock { $0.next() }
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
            raw[8] = (raw[8] & 0x3F) | 0x80  // the RFC 4122 variant
            return UUID(uuid: raw.load(as: uuid_t.self))
        }
    }

    private static let randomPool = Mutex(RandomPool())

    /// Formats `uuid` as lowercase text.
    public static func format(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = hexDigits[Int(byte >> 4)]
                    out[position + 1] = hexDigits[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    /// Parses UUID text in either case; `nil` if it is not `8-4-4-4-12` hex.
    public static func parse(_ text: String) -> UUID? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Parses UUID text from raw UTF-8 bytes.
    public static func parse(_ utf8: UnsafeRawBufferPointer) -> UUID? {
        guard utf8.count == 36 else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &uuid) { out -> Bool in
            var index = 0
            var byte = 0
            while index < 36 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard utf8[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                    continue
                }
                guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return false }
                out[byte] = high << 4 | low
                byte += 1
                index += 2
            }
            return true
        }
        return parsed ? UUID(uuid: uuid) : nil
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Bytes from the system's generator, fetched 4 KB at a time.
private struct RandomPool: ~Copyable {
    private var bytes: [UInt8] = []
    private var offset = 0

    /// The next 16 random bytes.
    mutating func next() -> (UInt64, UInt64) {
        if offset + 16 > bytes.count {
            bytes = Self.fetch(4096)
            offset = 0
        }
        defer { offset += 16 }
        return bytes.withUnsafeBytes { raw in
            (
                raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
            )
        }
    }

    /// `count` bytes from the system's generator in one call (glibc's `arc4random_buf` is one
    /// `getrandom`).
    private static func fetch(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { arc4random_buf(base, raw.count) }
        }
        return bytes
    }
}
