import Foundation

/// An event whose payload is one flat object of strings (a close, a rate), written straight to its
/// canonical JSON. `JSONEncoder` builds a tree and sorts its keys for each event: it took most of an
/// import's time outside SQLite.
///
/// The bytes equal `CanonicalJSON.encode`'s for the same event (a test holds every conforming type to
/// it); a value with a control character goes through `JSONEncoder`, whose escapes are the canonical ones.
public protocol FlatStringEvent: DomainEvent {
    /// Every field as its stored key and value, keys in ascending byte order as `JSONEncoder` sorts them.
    var canonicalFields: [(key: String, value: String)] { get }
}

extension CanonicalJSON {
    /// The canonical JSON of a flat object of strings given in key order, or nil when a value holds a
    /// control character (escaped only by `JSONEncoder`, so the bytes stay its).
    public static func flatObject(_ fields: [(key: String, value: String)]) -> Data? {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(fields.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        for (index, field) in fields.enumerated() {
            guard !field.value.utf8.contains(where: { $0 < 0x20 }) else { return nil }
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(field.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONWriter.appendString(field.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return Data(bytes)
    }
}
