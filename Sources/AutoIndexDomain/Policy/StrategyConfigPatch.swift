import EventSourcing

/// The fields of a strategy configuration a caller wants to change; the rest keep their value.
///
/// Accepts every field of ``StrategyField/all`` (null keeps the value in force, except for a bound,
/// where null clears it), the original service's names (``StrategyField/aliases``), the reason for
/// the change, and everything `GET /strategy/config` answers (``StrategyField/returnedReadOnly``), so
/// a client may send back the whole object it read. Of those, `config_version` is checked (it must be
/// the version in force) and the rest are ignored. Any other field is reported, not silently dropped.
public struct StrategyConfigPatch: Sendable, Hashable, Decodable {
    /// The value the caller sent for each field, by JSON key.
    public private(set) var values: [String: StrategyField.Value] = [:]
    /// Values sent under an alias, by the field's own JSON key.
    public private(set) var aliasValues: [String: StrategyField.Value] = [:]
    /// Why, as the caller said.
    public var reason: String?
    /// The configuration version the caller read, when it says so.
    public var configVersion: Int?
    /// Names the caller sent that no configuration has.
    public var unknownFields: [String] = []

    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NamedKey.self)
        for key in container.allKeys {
            let name = key.stringValue
            if let field = StrategyField.named(name) {
                values[name] = try field.decode(from: container, forKey: key)
            } else if let target = StrategyField.aliases[name], let field = StrategyField.named(target) {
                aliasValues[target] = try field.decode(from: container, forKey: key)
            } else if name == "reason" {
                reason = try container.decodeIfPresent(String.self, forKey: key)
            } else if name == "config_version" {
                configVersion = try container.decodeIfPresent(Int.self, forKey: key)
            } else if !StrategyField.returnedReadOnly.contains(name) {
                unknownFields.append(name)
            }
        }
        unknownFields.sort()
    }

    /// A number field's new value.
    public subscript(_ keyPath: WritableKeyPath<StrategyConfig, Double>) -> Double? {
        get { if case .number(let number) = value(at: keyPath) { number } else { nil } }
        set { setValue(newValue.map(StrategyField.Value.number), at: keyPath) }
    }

    /// A whole-number field's new value.
    public subscript(_ keyPath: WritableKeyPath<StrategyConfig, Int>) -> Int? {
        get { if case .integer(let integer) = value(at: keyPath) { integer } else { nil } }
        set { setValue(newValue.map(StrategyField.Value.integer), at: keyPath) }
    }

    /// A text field's new value.
    public subscript(_ keyPath: WritableKeyPath<StrategyConfig, String>) -> String? {
        get { if case .text(let text) = value(at: keyPath) { text } else { nil } }
        set { setValue(newValue.map(StrategyField.Value.text), at: keyPath) }
    }

    /// A bound's new value: `.some(nil)` clears it.
    public subscript(_ keyPath: WritableKeyPath<StrategyConfig, Double?>) -> Double?? {
        get {
            switch value(at: keyPath) {
            case .number(let number)?: .some(number)
            case .unset?: .some(nil)
            default: nil
            }
        }
        set { setValue(newValue.map { $0.map(StrategyField.Value.number) ?? StrategyField.Value.unset }, at: keyPath) }
    }

    private func value(at keyPath: PartialKeyPath<StrategyConfig>) -> StrategyField.Value? {
        StrategyField.at(keyPath).flatMap { values[$0.name] }
    }

    private mutating func setValue(_ value: StrategyField.Value?, at keyPath: PartialKeyPath<StrategyConfig>) {
        guard let field = StrategyField.at(keyPath) else { return }
        values[field.name] = value
    }

    /// The value `field` takes from this patch over `current`, if the patch sets it. When a field is
    /// sent under both its names with different values, the one that differs from the value in force
    /// is the caller's edit.
    func resolved(_ field: StrategyField, current: StrategyConfig) -> StrategyField.Value? {
        switch (values[field.name], aliasValues[field.name]) {
        case (nil, let alias): return alias
        case (let value?, nil): return value
        case (let value?, let alias?): return value == field.value(in: current) ? alias : value
        }
    }

    /// `config` with the patch's fields set.
    public func applied(to config: StrategyConfig) -> StrategyConfig {
        var next = config
        for field in StrategyField.all {
            if let value = resolved(field, current: config) { field.assign(value, to: &next) }
        }
        return next
    }

    /// What is wrong with the patch itself, before its result is validated: unknown fields, a reason
    /// too long, a field sent under two names with two new values.
    public func problems(over config: StrategyConfig) -> [String] {
        var problems = unknownFields.map { "\($0): unknown field" }
        if let reason, reason.count > 500 { problems.append("reason: longer than 500 characters") }
        for (alias, name) in StrategyField.aliases.sorted(by: { $0.key < $1.key }) {
            guard let field = StrategyField.named(name), let value = values[name], let other = aliasValues[name],
                value != other, value != field.value(in: config), other != field.value(in: config)
            else { continue }
            problems.append("\(alias): \(Self.describe(other)) disagrees with \(name) \(Self.describe(value))")
        }
        return problems
    }

    private static func describe(_ value: StrategyField.Value) -> String {
        switch value {
        case .number(let number): "\(number)"
        case .integer(let integer): "\(integer)"
        case .text(let text): "\"\(text)\""
        case .unset: "null"
        }
    }
}
