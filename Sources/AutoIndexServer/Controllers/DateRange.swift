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
        limit = nil
        offset = 0
        if let text = query["limit"].map(String.init) {
            if let value = Int(text), value >= 1, value <= 100_000 {
                limit = value
            } else {
                problems.append("limit: \"\(text)\" is not a whole number from 1 to 100000")
            }
        }
        if let text = query["offset"].map(String.init) {
            if let value = Int(text), value >= 0 {
                offset = value
            } else {
                problems.append("offset: \"\(text)\" is not a whole number of at least 0")
            }
        }
        if let start, let end, problems.isEmpty, start > end {
            problems.append("start_date: \(start) is after end_date \(end)")
        }
        guard problems.isEmpty else { throw APIError.validation(problems.joined(separator: "; ")) }
    }

    /// Whether any parameter narrows the series.
    var isFiltered: Bool { start != nil || end != nil || offset > 0 }
}
