// A stand-in for swift-crypto's `Crypto` module, so the fuzzers compile EventSourcing with plain
// `swiftc` and no package checkout. It offers only the `SHA256` API that `HashChain` calls.
//
// - Important: NOT SHA-256 (a 256-bit FNV-1a mix). The fuzz targets never check a hash; do not link
//   this into anything else.
import Foundation

public struct SHA256 {
    public struct Digest: Sequence {
        let bytes: [UInt8]
        public func makeIterator() -> IndexingIterator<[UInt8]> { bytes.makeIterator() }
    }

    private var lanes: [UInt64] = [
        0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4, 0x9ce4_8422_2325_cbf2, 0x2325_cbf2_9ce4_8422,
    ]

    public init() {}

    public mutating func update(bufferPointer: UnsafeRawBufferPointer) {
        for (offset, byte) in bufferPointer.enumerated() {
            let lane = offset & 3
            lanes[lane] = (lanes[lane] ^ UInt64(byte)) &* 0x100_0000_01b3
        }
    }

    public func finalize() -> Digest {
        Digest(bytes: lanes.flatMap { lane in (0..<8).map { UInt8(truncatingIfNeeded: lane >> ($0 * 8)) } })
    }

    public static func hash(data: some DataProtocol) -> Digest {
        var hasher = SHA256()
        Array(data).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize()
    }
}
