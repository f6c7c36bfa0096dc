import Hummingbird
import IndexEngine

/// The `start_date`, `end_date`, `limit` and `offset` query parameters of series endpoints, validated.
struct DateRange {
    var start: String?
    var end: String?
    var limit: Int?
    var offset: Int

    /// - Throws: `APIError` 422 naming each bad parameter.
    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        var problems: [String] = []
        func date(_ name: String) -> String? {
            guard let value = query[Substring(name)].map(String.init) else { return nil }
            if TradingDate(value) == nil { problems.append("\(name): \"\(value)\" is not a date YYYY-MM-DD") }
            return value
        }
        start = date("start_date")
        end = date("end_date")
        let limit = QueryValue.integer(
            query["limit"], name: "limit", range: 1...100_000, default: 0, problems: &problems)
        self.limit = limit == 0 ? nil : limit
        offset = QueryValue.integer(
            query["offset"], name: "offset", range: 0...Int.max, default: 0, problems: &problems)
        if let start, let end, problems.isEmpty, start > end {
            problems.append("start_date: \(start) is after end_date \(end)")
        }
        guard problems.isEmpty else { throw APIError.validation(problems.joined(separator: "; ")) }
    }

    /// Whether any parameter narrows the series.
    var isFiltered: Bool { start != nil || end != nil || offset > 0 }
}
