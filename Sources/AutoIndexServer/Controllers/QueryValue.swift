/// Whole-number query parameters, validated with a message naming the parameter.
enum QueryValue {
    /// The value of `text`, or `fallback` when absent; a problem is recorded for anything outside `range`.
    static func integer(
        _ text: Substring?, name: String, range: ClosedRange<Int>, default fallback: Int, problems: inout [String]
    ) -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            let bounds =
                range.upperBound == Int.max
                ? "of at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            problems.append("\(name): \"\(text)\" is not a whole number \(bounds)")
            return fallback
        }
        return value
    }
}
