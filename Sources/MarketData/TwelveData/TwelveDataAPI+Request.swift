import AsyncHTTPClient
import Foundation
import NIOCore

extension TwelveDataAPI {
    /// The most a reply may weigh: 120 symbols × 5,000 daily rows × about 130 bytes, with room to spare.
    static let maxReplyBytes = 128 * 1024 * 1024

    /// Characters left as they are in a query value; TwelveData's own examples send `EUR/USD` and `A,B` unescaped.
    private static let queryValueCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/,:")

    /// The `/time_series` URL for `symbols`; it never holds the API key.
    func timeSeriesURL(for symbols: [String], from startDate: String?) -> String {
        var parameters = [("symbol", symbols.joined(separator: ",")), ("interval", "1day")]
        if let startDate { parameters.append(("start_date", startDate)) }
        parameters += [("order", "ASC"), ("outputsize", "5000"), ("format", "JSON")]
        let query = parameters.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: Self.queryValueCharacters) ?? value)"
        }
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/time_series?\(query.joined(separator: "&"))"
    }

    /// Sends one `/time_series` request and reads the reply; transport failures become errors, not throws.
    /// - Throws: Only `CancellationError`.
    func send(_ symbols: [String], from startDate: String?) async throws -> TimeSeriesReply {
        var request = HTTPClientRequest(url: timeSeriesURL(for: symbols, from: startDate))
        request.method = .GET
        request.headers.add(name: "Authorization", value: "apikey \(configuration.apiKey)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "AutoIndex")
        do {
            let response = try await httpClient.execute(request, timeout: Self.timeAmount(configuration.requestTimeout))
            let body = try await response.body.collect(upTo: Self.maxReplyBytes)
            return TimeSeriesReply.read(
                status: Int(response.status.code), body: Data(body.readableBytesView), symbols: symbols,
                redact: configuration.redactingKey)
        } catch {
            try Task.checkCancellation()
            return .failed(transportError(error))
        }
    }

    private func transportError(_ error: any Error) -> MarketDataError {
        let timeouts: [HTTPClientError] = [
            .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
            .getConnectionFromPoolTimeout,
        ]
        let message = configuration.redactingKey(String(describing: error))
        if let httpError = error as? HTTPClientError, timeouts.contains(httpError) {
            return MarketDataError(
                kind: .timeout,
                message: "no reply within \(configuration.requestTimeout) (\(message))",
                provider: Self.providerName)
        }
        if error is NIOTooManyBytesError {
            return .malformedTwelveData("reply is larger than \(Self.maxReplyBytes) bytes")
        }
        return MarketDataError(kind: .transport, message: message, provider: Self.providerName)
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
