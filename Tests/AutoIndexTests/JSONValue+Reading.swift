import EventSourcing
import Foundation

/// Reading helpers for the schema checker, which reads answers and the OpenAPI document as
/// ``JSONValue``s. Numbers are `Double`: JSON Schema's `integer` is a number without a fraction,
/// whatever its spelling.
extension JSONValue {
    /// Parses JSON text.
    /// - Throws: `DecodingError` when `data` is not JSON.
    static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Parses JSON text.
    /// - Throws: `DecodingError` when `text` is not JSON.
    static func parse(_ text: String) throws -> JSONValue {
        try parse(Data(text.utf8))
    }

    /// The member `key` of an object; nil for a missing key or another kind of value.
    subscript(key: String) -> JSONValue? {
        get {
            guard case .object(let members) = self else { return nil }
            return members[key]
        }
        set {
            guard case .object(var members) = self else { return }
            members[key] = newValue
            self = .object(members)
        }
    }

    var members: [String: JSONValue]? {
        if case .object(let value) = self { value } else { nil }
    }

    var elements: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }

    /// The JSON Schema type name of this value (`number` for every number).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value as compact JSON, for messages.
    var text: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\"\($0)\":\(members[$0]?.text ?? "")" }.joined(separator: ",") + "}"
        }
    }
}
