import EventSourcing

/// One field of a strategy configuration: its JSON key, where it lives in ``StrategyConfig``, the
/// values it may take, and how it is read and written.
///
/// ``StrategyField/all`` is the one table of them; the configuration's encoding and decoding, the
/// patch's decoding, the validation messages, the changed-fields list, the `GET` answer and the
/// OpenAPI check all derive from it.
public struct StrategyField: Sendable {
    /// A field's value, as JSON gives it.
    public enum Value: Sendable, Hashable {
        case number(Double)
        case integer(Int)
        case text(String)
        /// An optional bound that is not set.
        case unset
    }

    /// The JSON type of a field.
    public enum Kind: Sendable, Hashable {
        case number, integer, text
        /// A number or null (no bound).
        case bound
    }

    /// The values a field may take.
    public enum Rule: Sendable, Hashable {
        /// A finite number in the range.
        case within(ClosedRange<Double>)
        /// A finite number above `lower` and at most `upper`.
        case above(Double, atMost: Double)
        /// A whole number in the range.
        case whole(ClosedRange<Int>)
        /// One of these texts.
        case oneOf([String])
        /// A calendar period or `drift:<band>` (see ``StrategyConfigChange/isFrequency(_:)``).
        case frequency
    }

    /// The JSON key, e.g. `momentum_weight`.
    public let name: String
    public let kind: Kind
    public let rule: Rule
    /// The field's place in the configuration.
    public let keyPath: PartialKeyPath<StrategyConfig> & Sendable
    private let get: @Sendable (StrategyConfig) -> Value
    private let set: @Sendable (inout StrategyConfig, Value) -> Void

    /// The field's value in `config`.
    public func value(in config: StrategyConfig) -> Value { get(config) }

    /// `config` with this field set to `value` (a value of another kind leaves it unchanged).
    public func assign(_ value: Value, to config: inout StrategyConfig) { set(&config, value) }

    /// The problem with this field's value in `config`, naming the field; nil when it is valid.
    public func problem(in config: StrategyConfig) -> String? {
        let value = get(config)
        switch (rule, value) {
        case (_, .unset):
            return nil
        case (.within(let range), .number(let number)):
            return number.isFinite && range.contains(number)
                ? nil : "\(name): \(number) is not between \(range.lowerBound) and \(range.upperBound)"
        case (.above(let lower, let upper), .number(let number)):
            return number.isFinite && number > lower && number <= upper
                ? nil : "\(name): \(number) is not above \(Self.plain(lower)) and at most \(Self.plain(upper))"
        case (.whole(let range), .integer(let integer)):
            return range.contains(integer)
                ? nil : "\(name): \(integer) is not between \(range.lowerBound) and \(range.upperBound)"
        case (.oneOf(let choices), .text(let text)):
            return choices.contains(text) ? nil : "\(name): \"\(text)\" is not \(Self.either(choices))"
        case (.frequency, .text(let text)):
            return StrategyConfigChange.isFrequency(text)
                ? nil
                : "\(name): \"\(text)\" is not daily, weekly, monthly, quarterly, yearly or drift:<band>"
        default:
            return "\(name): a value of the wrong kind"
        }
    }

    /// Reads this field's value from JSON (null only for a bound).
    /// - Throws: `JSONReader`'s errors for a value of the wrong type.
    public func read(_ reader: inout JSONReader) throws -> Value {
        switch kind {
        case .number: return .number(try reader.readDouble())
        case .integer: return .integer(try reader.readInt())
        case .text: return .text(try reader.readString())
        case .bound: return try reader.readOptionalDouble().map(Value.number) ?? .unset
        }
    }

    /// Decodes this field's value under `key`; nil when the key is absent, `.unset` for a null bound,
    /// nil for a null value of any other kind.
    /// - Throws: `DecodingError` for a value of the wrong type.
    public func decode<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> Value? {
        guard container.contains(key) else { return nil }
        if try container.decodeNil(forKey: key) { return kind == .bound ? Value.unset : nil }
        switch kind {
        case .number, .bound: return .number(try container.decode(Double.self, forKey: key))
        case .integer: return .integer(try container.decode(Int.self, forKey: key))
        case .text: return .text(try container.decode(String.self, forKey: key))
        }
    }

    /// Encodes this field's value in `config` under `key` (an unset bound is left out).
    public func encode<Key: CodingKey>(
        _ config: StrategyConfig, to container: inout KeyedEncodingContainer<Key>, forKey key: Key
    ) throws {
        switch get(config) {
        case .number(let number): try container.encode(number, forKey: key)
        case .integer(let integer): try container.encode(integer, forKey: key)
        case .text(let text): try container.encode(text, forKey: key)
        case .unset: return
        }
    }

    private static func plain(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : "\(number)"
    }

    private static func either(_ choices: [String]) -> String {
        choices.count < 2
            ? choices.joined() : choices.dropLast().joined(separator: ", ") + " or " + choices[choices.count - 1]
    }
}

extension StrategyField {
    /// A number field.
    static func number(
        _ name: String, _ keyPath: WritableKeyPath<StrategyConfig, Double> & Sendable, _ rule: Rule
    ) -> StrategyField {
        StrategyField(
            name: name, kind: .number, rule: rule, keyPath: keyPath, get: { .number($0[keyPath: keyPath]) },
            set: { config, value in if case .number(let number) = value { config[keyPath: keyPath] = number } })
    }

    /// A whole-number field.
    static func integer(
        _ name: String, _ keyPath: WritableKeyPath<StrategyConfig, Int> & Sendable, _ range: ClosedRange<Int>
    ) -> StrategyField {
        StrategyField(
            name: name, kind: .integer, rule: .whole(range), keyPath: keyPath, get: { .integer($0[keyPath: keyPath]) },
            set: { config, value in if case .integer(let integer) = value { config[keyPath: keyPath] = integer } })
    }

    /// A text field; a frequency is stored lowercased.
    static func text(
        _ name: String, _ keyPath: WritableKeyPath<StrategyConfig, String> & Sendable, _ rule: Rule
    ) -> StrategyField {
        StrategyField(
            name: name, kind: .text, rule: rule, keyPath: keyPath, get: { .text($0[keyPath: keyPath]) },
            set: { config, value in
                if case .text(let text) = value {
                    config[keyPath: keyPath] = rule == .frequency ? text.lowercased() : text
                }
            })
    }

    /// An optional bound: null means no bound.
    static func bound(
        _ name: String, _ keyPath: WritableKeyPath<StrategyConfig, Double?> & Sendable, _ rule: Rule
    ) -> StrategyField {
        StrategyField(
            name: name, kind: .bound, rule: rule, keyPath: keyPath,
            get: { $0[keyPath: keyPath].map(Value.number) ?? .unset },
            set: { config, value in
                switch value {
                case .number(let number): config[keyPath: keyPath] = number
                case .unset: config[keyPath: keyPath] = nil
                case .integer, .text: return
                }
            })
    }
}
