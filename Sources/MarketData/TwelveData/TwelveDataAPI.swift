import AsyncHTTPClient
import IndexEngine
import Logging

/// The live TwelveData client behind ``MarketDataClient/twelveData(_:httpClient:limiter:clock:logger:)``: daily
/// series from `/time_series`, in batches, within the plan's credits, with retries.
struct TwelveDataAPI: Sendable {
    /// How errors name the provider.
    static let providerName = "TwelveData"
    /// How events name the provider (`source`, `provider`).
    static let providerID = "twelvedata"

    let configuration: TwelveDataConfiguration
    let httpClient: HTTPClient
    let limiter: CreditLimiter
    let clock: MarketDataClock
    let logger: Logger

    /// Symbols per request: the configured size, within TwelveData's 120 and the plan's credits per minute.
    var batchSize: Int {
        max(1, min(configuration.batchSize, TwelveDataConfiguration.maxBatchSize, configuration.plan.creditsPerMinute))
    }

    /// Daily closes per symbol; see ``MarketDataClient/dailyCloses``.
    func dailyCloses(
        _ symbols: [String], from startDate: String?
    ) async throws -> [String: Result<[DailyClose], MarketDataError>] {
        if let startDate, TradingDate(startDate) == nil {
            throw MarketDataError(
                kind: .badRequest, message: "start date \"\(startDate)\" is not a YYYY-MM-DD date",
                provider: Self.providerName)
        }
        var seen = Set<String>()
        let unique = symbols.filter { seen.insert($0).inserted }
        var results: [String: Result<[DailyClose], MarketDataError>] = [:]
        for start in stride(from: 0, to: unique.count, by: batchSize) {
            let batch = Array(unique[start..<min(start + batchSize, unique.count)])
            results.merge(try await series(for: batch, from: startDate)) { _, new in new }
        }
        return results
    }

    /// Daily FX closes per currency, as the series of the pair `BASE/CURRENCY`; see ``MarketDataClient/dailyFxRates``.
    func dailyFxRates(
        _ currencies: [String], base: String, from startDate: String?
    ) async throws -> [String: Result<[DailyClose], MarketDataError>] {
        var results: [String: Result<[DailyClose], MarketDataError>] = [:]
        var pairs: [String: String] = [:]
        for currency in currencies {
            if currency == base {
                results[currency] = .failure(
                    MarketDataError(
                        kind: .badRequest, message: "\(currency) is the base currency; it has no rate against itself",
                        symbol: currency, provider: Self.providerName))
            } else {
                pairs[currency] = "\(base)/\(currency)"
            }
        }
        let pairCurrencies = currencies.filter { pairs[$0] != nil }
        let series = try await dailyCloses(pairCurrencies.compactMap { pairs[$0] }, from: startDate)
        for currency in pairCurrencies {
            guard let pair = pairs[currency], let result = series[pair] else { continue }
            results[currency] = result
        }
        return results
    }
}
