import AutoIndexDomain
import EventSourcing
import Foundation
import IndexEngine
import NIOHTTP1

/// What one `/time_series` reply says: a failure of the whole request, or a result per symbol asked for.
///
/// A single-symbol reply is `{"meta":{…},"values":[{"datetime":"2024-01-02","close":"185.64000",…}],"status":"ok"}`;
/// a batch reply is an object keyed by symbol whose values are such series or error objects
/// `{"code":400,"message":"…","status":"error"}`. An error object at the top of any reply fails the request, except
/// that for a single symbol a 400, 403 or 404 is that symbol's result, as it would be in a batch.
enum TimeSeriesReply: Sendable {
    case failed(MarketDataError)
    case series([String: Result<[DailyClose], MarketDataError>])

    /// TwelveData's answer when a date window holds no rows; it means "nothing yet", not a failure.
    static let noDataMessagePrefix = "No data is available on the specified dates"

    /// Reads a reply.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - body: The body bytes.
    ///   - symbols: The symbols asked for, in the `symbol` parameter.
    ///   - redact: Removes the API key from text taken from the reply.
    static func read(
        status: Int, body: Data, symbols: [String], redact: (String) -> String
    ) -> TimeSeriesReply {
        let json = try? JSONDecoder().decode(JSONValue.self, from: body)
        if case .object(let object)? = json, object["status"]?.stringValue == "error" {
            let error = errorObject(object, httpStatus: status, symbol: nil, redact: redact)
            if symbols.count == 1, let symbol = symbols.first, error.isAboutSymbol {
                return .series([symbol: symbolFailure(error, symbol: symbol)])
            }
            return .failed(error)
        }
        guard (200..<300).contains(status) else {
            let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
            let text = snippet(of: body, redact: redact)
            return .failed(
                .twelveData(code: status, message: "HTTP \(status) \(reason)\(text.isEmpty ? "" : ": \(text)")"))
        }
        guard let json else {
            return .failed(.malformedTwelveData("reply is not JSON: \(snippet(of: body, redact: redact))"))
        }
        guard case .object(let object) = json else {
            return .failed(.malformedTwelveData("reply is \(json.kindName), expected an object"))
        }
        if symbols.count == 1, let symbol = symbols.first {
            return .series([symbol: series(json, symbol: symbol, redact: redact)])
        }
        var results: [String: Result<[DailyClose], MarketDataError>] = [:]
        for symbol in symbols {
            guard
                let entry = object[symbol] ?? object.first(where: { $0.key.uppercased() == symbol.uppercased() })?.value
            else {
                results[symbol] = .failure(
                    .malformedTwelveData("batch reply has no entry for \(symbol)", symbol: symbol))
                continue
            }
            results[symbol] = series(entry, symbol: symbol, redact: redact)
        }
        return .series(results)
    }

    /// One symbol's series, checked row by row.
    private static func series(
        _ value: JSONValue, symbol: String, redact: (String) -> String
    ) -> Result<[DailyClose], MarketDataError> {
        func malformed(_ message: String) -> Result<[DailyClose], MarketDataError> {
            .failure(.malformedTwelveData(message, symbol: symbol))
        }
        guard case .object(let object) = value else {
            return malformed("entry for \(symbol) is \(value.kindName), expected an object")
        }
        if object["status"]?.stringValue == "error" {
            return symbolFailure(errorObject(object, httpStatus: nil, symbol: symbol, redact: redact), symbol: symbol)
        }
        guard let values = object["values"] else { return malformed("series for \(symbol) has no \"values\"") }
        guard case .array(let rows) = values else {
            return malformed("\"values\" of \(symbol) is \(values.kindName), expected an array")
        }
        var closes: [DailyClose] = []
        closes.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            guard case .object(let fields) = row else {
                return malformed("value \(index) of \(symbol) is \(row.kindName), expected an object")
            }
            guard let date = fields["datetime"]?.stringValue else {
                return malformed("value \(index) of \(symbol) has no \"datetime\" text")
            }
            guard TradingDate(date) != nil else {
                return malformed("datetime \"\(clipped(date))\" of \(symbol) is not a YYYY-MM-DD date")
            }
            guard let closeValue = fields["close"] else { return malformed("\(symbol) on \(date) has no \"close\"") }
            guard let close = closeValue.stringValue else {
                return malformed("close of \(symbol) on \(date) is \(closeValue.kindName), expected decimal text")
            }
            guard DecimalText.isPositiveDecimal(close) else {
                return malformed(
                    "close \"\(clipped(redact(close)))\" of \(symbol) on \(date) is not a positive decimal number")
            }
            closes.append(DailyClose(date: date, close: close))
        }
        // TwelveData sends newest first unless asked for order=ASC; sort anyway so the contract holds either way.
        closes.sort { $0.date < $1.date }
        return .success(closes)
    }

    /// A symbol's error, except that "no data on the specified dates" is an empty series.
    private static func symbolFailure(_ error: MarketDataError, symbol: String) -> Result<[DailyClose], MarketDataError>
    {
        if error.kind == .badRequest, error.message.hasPrefix(noDataMessagePrefix) { return .success([]) }
        var error = error
        error.symbol = symbol
        return .failure(error)
    }

    /// `{"code":…,"message":…,"status":"error"}` as an error.
    private static func errorObject(
        _ object: [String: JSONValue], httpStatus: Int?, symbol: String?, redact: (String) -> String
    ) -> MarketDataError {
        let code = object["code"]?.intValue ?? httpStatus.flatMap { (200..<300).contains($0) ? nil : $0 }
        let message = object["message"]?.stringValue.map(redact) ?? "error reply without a message"
        guard let code else {
            return .malformedTwelveData("error reply without a code: \(message)", symbol: symbol)
        }
        return .twelveData(code: code, message: message, symbol: symbol)
    }

    /// The start of a body for a message; redacted before clipping so a key cut in two cannot show.
    private static func snippet(of body: Data, redact: (String) -> String) -> String {
        clipped(
            redact(String(decoding: body.prefix(4096), as: UTF8.self)).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func clipped(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(120)) + "…" : text
    }
}
