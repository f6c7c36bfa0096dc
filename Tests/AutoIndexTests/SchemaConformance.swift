import EventSourcing
import Foundation

/// Checks JSON answers against `openapi.json`: the subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it)
/// that the document's response schemas use, and nothing it does not.
///
/// Supported: `$ref` (`#/components/...`), `type` (a name or a list, `"null"` included; `integer` is a whole
/// number), `properties`, `required`, `additionalProperties` (`false` or a schema), `items`, `enum`, `oneOf`
/// (exactly one), `allOf` (the members' properties count as the object's own), `minimum`, `pattern`, and
/// `format` `date` (YYYY-MM-DD, a real day), `date-time` (RFC 3339) and `int64`. `description` and `example`
/// are annotations. Any other keyword or format is itself a problem, so the document cannot outgrow the
/// checker unnoticed (`anyOf` appears only in a parameter's schema, `const` nowhere). Each check also records
/// which optional properties the answer sent (``Verdict``), so a run over many answers can name a property
/// documented for nothing.
///
/// - Important: An object schema with `properties` and no `additionalProperties` is treated as **closed**:
///   a property the answer sends that the document does not list is a problem. Plain JSON Schema would allow
///   it; this is the drift between the code and the document that the contract test exists to catch.
struct SchemaConformance: Sendable {
    let document: JSONValue

    private static let keywords: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "oneOf", "allOf",
        "minimum", "pattern", "format",
    ]
    private static let annotations: Set<String> = ["description", "example"]

    /// Reads the document the server ships.
    /// - Throws: When the file is missing or not JSON.
    static func shipped() throws -> SchemaConformance {
        let url = PackagePaths.root.appendingPathComponent("Sources/AutoIndexServer/Resources/openapi.json")
        return SchemaConformance(document: try JSONValue.parse(try Data(contentsOf: url)))
    }

    /// The value a local reference such as `#/components/schemas/Job` points at.
    func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var value: JSONValue? = document
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            value = value?[key]
        }
        return value
    }

    /// Every operation whose responses include a 2xx status, as `GET /api/v1/index/current`.
    var operationsWithSuccess: Set<String> {
        var operations: Set<String> = []
        for (path, item) in document["paths"]?.members ?? [:] {
            for (method, operation) in item.members ?? [:] {
                let statuses = operation["responses"]?.members?.keys.map { $0 } ?? []
                if statuses.contains(where: { $0.hasPrefix("2") }) {
                    operations.insert("\(method.uppercased()) \(path)")
                }
            }
        }
        return operations
    }

    /// The documented response of `method path` for `status`, its `$ref` resolved; nil when not documented.
    func response(_ method: String, _ path: String, status: Int) -> JSONValue? {
        guard let response = document["paths"]?[path]?[method.lowercased()]?["responses"]?[String(status)] else {
            return nil
        }
        if let reference = response["$ref"]?.stringValue { return resolve(reference) }
        return response
    }

    /// What checking a value found: its problems, and the optional properties the document declares on the
    /// objects it holds (as `Schema.path.property`, named from the nearest `$ref`) with those it sent. Over many
    /// answers, an optional property declared but never sent is documented for nothing.
    struct Verdict: Sendable {
        var problems: [String] = []
        var optional: Set<String> = []
        var sent: Set<String> = []

        mutating func merge(_ other: Verdict) {
            problems += other.problems
            optional.formUnion(other.optional)
            sent.formUnion(other.sent)
        }
    }

    /// Checks one answer of `method path` (the documented path, `{id}` and all): its status must be documented
    /// for the operation, its content type among the documented ones, each required header present, and an
    /// `application/json` body must match the schema. Other bodies (HTML, Prometheus text, events) are not read.
    /// - Returns: One line per problem, each starting with the operation and status, and the body's coverage.
    func verdict(
        ofAnswer method: String, _ path: String, status: Int, headers: [String: String], body: Data
    ) -> Verdict {
        let operation = "\(method.uppercased()) \(path) \(status)"
        guard let response = response(method, path, status: status) else {
            return Verdict(problems: ["\(operation): status \(status) is not documented for this operation"])
        }
        var problems: [String] = []
        for (name, header) in response["headers"]?.members ?? [:] {
            let header = header["$ref"]?.stringValue.flatMap(resolve) ?? header
            if header["required"] == .bool(true) && headers[name.lowercased()] == nil {
                problems.append("\(operation): required header \(name) missing")
            }
        }
        let content = response["content"]?.members ?? [:]
        guard let sent = headers["content-type"].map(Self.mediaType) else {
            if !content.isEmpty {
                problems.append("\(operation): no Content-Type, documented \(content.keys.sorted())")
            }
            return Verdict(problems: problems)
        }
        guard let documented = content.first(where: { Self.mediaType($0.key) == sent })?.value else {
            problems.append("\(operation): Content-Type \(sent) is not documented (\(content.keys.sorted()))")
            return Verdict(problems: problems)
        }
        guard sent == "application/json" else { return Verdict(problems: problems) }
        guard let schema = documented["schema"], let value = try? JSONValue.parse(body) else {
            return Verdict(problems: problems + ["\(operation): no schema documented, or the body is not JSON"])
        }
        var verdict = verdict(of: value, against: schema)
        verdict.problems = problems + verdict.problems.map { "\(operation) \($0)" }
        return verdict
    }

    /// The problems of `value` against `schema`, each as `path: what is wrong`
    /// (`$.allocations[0].weight: expected number, got string`); empty when it conforms.
    func problems(of value: JSONValue, against schema: JSONValue) -> [String] {
        verdict(of: value, against: schema).problems
    }

    /// Checks `value` against `schema`.
    func verdict(of value: JSONValue, against schema: JSONValue) -> Verdict {
        var verdict = Verdict()
        check(value, schema, at: "$", named: "", alsoKnown: [], into: &verdict)
        return verdict
    }

    /// `name`: where this schema sits, from the nearest `$ref`, for coverage. `alsoKnown`: properties that
    /// schemas beside this one (in an `allOf`) declare, so that a closed object does not refuse them.
    private func check(
        _ value: JSONValue, _ schema: JSONValue, at path: String, named name: String, alsoKnown: Set<String>,
        into verdict: inout Verdict
    ) {
        guard let keywords = schema.members else {
            return verdict.problems.append("\(path): the schema is not an object")
        }
        let unsupported = Set(keywords.keys).subtracting(Self.keywords).subtracting(Self.annotations)
        guard unsupported.isEmpty else {
            return verdict.problems.append(
                "\(path): the checker does not support \(unsupported.sorted().joined(separator: ", "))")
        }
        if let reference = keywords["$ref"] {
            guard let reference = reference.stringValue, let target = resolve(reference) else {
                return verdict.problems.append("\(path): unresolved $ref \(reference.text)")
            }
            let schemaName = String(reference.split(separator: "/").last ?? "")
            return check(value, target, at: path, named: schemaName, alsoKnown: alsoKnown, into: &verdict)
        }
        if let type = keywords["type"] {
            let allowed = type.elements?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            guard allowed.contains(where: { Self.has(value, type: $0) }) else {
                return verdict.problems.append(
                    "\(path): expected \(allowed.joined(separator: " or ")), got \(value.typeName)")
            }
        }
        if let choices = keywords["enum"]?.elements, !choices.contains(value) {
            verdict.problems.append(
                "\(path): \(value.text) is not one of \(choices.map(\.text).joined(separator: ", "))")
        }
        if let format = keywords["format"]?.stringValue { verdict.problems += Self.check(value, format: format, path) }
        if let minimum = keywords["minimum"], case .number(let bound) = minimum, case .number(let number) = value,
            number < bound
        {
            verdict.problems.append("\(path): \(value.text) is below the minimum \(minimum.text)")
        }
        if let pattern = keywords["pattern"]?.stringValue, case .string(let text) = value {
            if let regex = try? Regex(pattern) {
                if !text.contains(regex) { verdict.problems.append("\(path): \(value.text) does not match \(pattern)") }
            } else {
                verdict.problems.append("\(path): the pattern \(pattern) does not compile")
            }
        }
        let siblings = keywords["allOf"]?.elements ?? []
        let known = siblings.reduce(alsoKnown.union(Self.propertyNames(schema))) { known, member in
            known.union(Self.propertyNames(member["$ref"]?.stringValue.flatMap(resolve) ?? member))
        }
        if case .object(let members) = value {
            checkObject(members, keywords, at: path, named: name, known: known, into: &verdict)
        }
        if case .array(let elements) = value, let items = keywords["items"] {
            for (index, element) in elements.enumerated() {
                check(element, items, at: "\(path)[\(index)]", named: "\(name)[]", alsoKnown: [], into: &verdict)
            }
        }
        // The members judge their own properties; this schema alone names what none of them declares.
        let sent = Set(value.members?.keys.map { $0 } ?? [])
        for member in siblings {
            check(value, member, at: path, named: name, alsoKnown: known.union(sent), into: &verdict)
        }
        if let branches = keywords["oneOf"]?.elements {
            let outcomes = branches.map { branch in
                var outcome = Verdict()
                check(value, branch, at: path, named: name, alsoKnown: alsoKnown, into: &outcome)
                return outcome
            }
            let matching = outcomes.filter(\.problems.isEmpty)
            if matching.count == 1 {
                verdict.merge(matching[0])
            } else if matching.isEmpty, let closest = outcomes.min(by: { $0.problems.count < $1.problems.count }) {
                verdict.problems.append("\(path): matches none of the oneOf schemas; the closest one says:")
                verdict.problems += closest.problems.map { "  \($0)" }
            } else {
                verdict.problems.append("\(path): matches \(matching.count) of the oneOf schemas, not exactly one")
            }
        }
    }

    /// `known`: the properties this schema and the schemas beside it declare.
    private func checkObject(
        _ members: [String: JSONValue], _ keywords: [String: JSONValue], at path: String, named name: String,
        known: Set<String>, into verdict: inout Verdict
    ) {
        let properties = keywords["properties"]?.members ?? [:]
        let required = Set(keywords["required"]?.elements?.compactMap(\.stringValue) ?? [])
        for property in required.sorted() where members[property] == nil {
            verdict.problems.append("\(path).\(property): required but missing")
        }
        for property in properties.keys where !required.contains(property) {
            verdict.optional.insert("\(name).\(property)")
            if members[property] != nil { verdict.sent.insert("\(name).\(property)") }
        }
        let additional = keywords["additionalProperties"]
        let closed = additional == .bool(false) || (additional == nil && !known.isEmpty)
        for (property, member) in members.sorted(by: { $0.key < $1.key }) {
            let place = "\(path).\(property)"
            if let schema = properties[property] {
                check(member, schema, at: place, named: "\(name).\(property)", alsoKnown: [], into: &verdict)
            } else if let additional, additional.members != nil {
                check(member, additional, at: place, named: "\(name){}", alsoKnown: [], into: &verdict)
            } else if closed && !known.contains(property) {
                verdict.problems.append("\(place): not in the document")
            }
        }
    }

    /// `text/plain; version=0.0.4` → `text/plain`.
    private static func mediaType(_ contentType: String) -> String {
        (contentType.split(separator: ";").first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
            .lowercased()
    }

    private static func propertyNames(_ schema: JSONValue) -> Set<String> {
        Set(schema["properties"]?.members?.keys.map { $0 } ?? [])
    }

    private static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            true
        case ("integer", .number(let number)): number.isFinite && number == number.rounded()
        default: false
        }
    }

    private static func check(_ value: JSONValue, format: String, _ path: String) -> [String] {
        switch (format, value) {
        case ("date", .string(let text)):
            return isDate(text) ? [] : ["\(path): \(value.text) is not a date (YYYY-MM-DD)"]
        case ("date-time", .string(let text)):
            return isDateTime(text) ? [] : ["\(path): \(value.text) is not a date-time (RFC 3339)"]
        case ("int64", .number(let number)):
            return number >= -9.223_372_036_854_775_808e18 && number < 9.223_372_036_854_775_808e18
                ? [] : ["\(path): \(value.text) is not a 64-bit integer"]
        case ("date", _), ("date-time", _), ("int64", _):
            return []
        default:
            return ["\(path): the checker does not support format \(format)"]
        }
    }

    /// `YYYY-MM-DD` naming a day of the Gregorian calendar.
    static func isDate(_ text: String) -> Bool {
        guard let match = text.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})/),
            let year = Int(match.1), let month = Int(match.2), let day = Int(match.3), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }

    /// RFC 3339 `date-time`: a date, `T`, `HH:MM:SS` with an optional fraction, and `Z` or an offset.
    static func isDateTime(_ text: String) -> Bool {
        guard
            let match = text.wholeMatch(
                of: /(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))/),
            isDate(String(match.1)), let hour = Int(match.2), let minute = Int(match.3), let second = Int(match.4)
        else { return false }
        let offsetHour = match.7.flatMap { Int($0) } ?? 0
        let offsetMinute = match.8.flatMap { Int($0) } ?? 0
        return hour < 24 && minute < 60 && second <= 60 && offsetHour < 24 && offsetMinute < 60
    }
}
