import Foundation
import Hummingbird
import Projections

/// `/api/v1/index/…` and `/api/v1/benchmark/sp500`: the index, its assets and the benchmark, from the
/// read models, in the original service's shapes.
struct IndexController {
    let indexId: String

    struct AllocationItem: Codable {
        var symbol: String
        var weight: Double
        var name: String
        var sector: String
        var dailyReturn: Double?
        var ytdReturn: Double?

        enum CodingKeys: String, CodingKey {
            case symbol, weight, name, sector
            case dailyReturn = "daily_return"
            case ytdReturn = "ytd_return"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(symbol, forKey: .symbol)
            try container.encode(weight, forKey: .weight)
            try container.encode(name, forKey: .name)
            try container.encode(sector, forKey: .sector)
            try container.encode(dailyReturn, forKey: .dailyReturn)
            try container.encode(ytdReturn, forKey: .ytdReturn)
        }
    }

    struct Current: ResponseEncodable {
        var date: String
        var allocations: [AllocationItem]
        var totalAssets: Int

        enum CodingKeys: String, CodingKey {
            case date, allocations
            case totalAssets = "total_assets"
        }
    }

    struct SeriesPoint: Codable {
        var date: String
        var value: Double
    }

    struct Series: ResponseEncodable {
        var series: [SeriesPoint]
        var startDate: String?
        var endDate: String?

        enum CodingKeys: String, CodingKey {
            case series
            case startDate = "start_date"
            case endDate = "end_date"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(series, forKey: .series)
            try container.encode(startDate, forKey: .startDate)
            try container.encode(endDate, forKey: .endDate)
        }
    }

    struct Benchmark: ResponseEncodable {
        var series: [SeriesPoint]
        var benchmarkName: String

        enum CodingKeys: String, CodingKey {
            case series
            case benchmarkName = "benchmark_name"
        }
    }

    /// English names of the currencies the FX read model may hold.
    static let currencyNames: [String: String] = [
        "USD": "US Dollar", "EUR": "Euro", "GBP": "British Pound", "JPY": "Japanese Yen", "CAD": "Canadian Dollar",
        "AUD": "Australian Dollar", "CHF": "Swiss Franc", "CNY": "Chinese Yuan", "INR": "Indian Rupee",
        "MXN": "Mexican Peso", "BRL": "Brazilian Real", "SEK": "Swedish Krona", "NOK": "Norwegian Krone",
        "DKK": "Danish Krone", "SGD": "Singapore Dollar", "HKD": "Hong Kong Dollar", "KRW": "South Korean Won",
        "NZD": "New Zealand Dollar", "ZAR": "South African Rand", "PLN": "Polish Zloty", "CZK": "Czech Koruna",
        "HUF": "Hungarian Forint", "TRY": "Turkish Lira", "ILS": "Israeli New Shekel", "IDR": "Indonesian Rupiah",
        "MYR": "Malaysian Ringgit", "PHP": "Philippine Peso", "THB": "Thai Baht", "ISK": "Icelandic Krona",
        "RON": "Romanian Leu", "BGN": "Bulgarian Lev",
    ]

    func addRoutes(to api: APIRouter) {
        api.cachedGet("/api/v1/index/current", reads: ["current_allocation", "asset_prices"], pointInTime: true) {
            _, _, view in
            guard let current = try await view.allocation.current(indexId: indexId) else {
                throw view.missing("No allocations computed")
            }
            let returns = try await view.prices.returns(symbols: current.allocations.map(\.symbol))
            return Current(
                date: current.asOfDate,
                allocations: current.allocations.map {
                    AllocationItem(
                        symbol: $0.symbol, weight: $0.weight, name: $0.name, sector: $0.sector,
                        dailyReturn: returns[$0.symbol]?.daily, ytdReturn: returns[$0.symbol]?.yearToDate)
                }, totalAssets: current.allocations.count)
        }
        api.cachedGet("/api/v1/index/history", reads: ["index_history"], pointInTime: true) { request, _, view in
            let range = try DateRange(request)
            let values = try await view.history.values(
                indexId: indexId, from: range.start, to: range.end, limit: range.limit, offset: range.offset)
            guard !values.isEmpty || range.isFiltered else {
                throw view.missing("No index history")
            }
            return Series(
                series: values.map { SeriesPoint(date: $0.date, value: $0.value) }, startDate: values.first?.date,
                endDate: values.last?.date)
        }
        api.cachedGet("/api/v1/index/currencies", reads: ["fx_rates"]) { _, _, view in
            var codes = Set(try await view.fx.currencies().map(\.currency))
            codes.insert("EUR")
            return CurrencyList(
                names: Dictionary(uniqueKeysWithValues: codes.map { ($0, Self.currencyNames[$0] ?? $0) }))
        }
        api.cachedGet("/api/v1/index/assets/{symbol}/history", reads: ["asset_prices"]) { request, context, view in
            let symbol = try context.parameters.require("symbol")
            guard try await view.prices.assets().contains(where: { $0.symbol == symbol }) else {
                throw APIError.notFound("Asset \(symbol) not found")
            }
            let range = try DateRange(request)
            let closes = try await view.prices.prices(symbol: symbol, from: range.start, to: range.end)
            guard let first = closes.first.flatMap({ Double($0.close) }) else {
                throw APIError.notFound("No price history for \(symbol)")
            }
            let series = closes.compactMap { price in
                Double(price.close).map { SeriesPoint(date: price.date, value: $0 / first * 100) }
            }
            return Series(series: series, startDate: series.first?.date, endDate: series.last?.date)
        }
        api.cachedGet("/api/v1/benchmark/sp500", reads: ["benchmark_series"]) { request, _, view in
            let range = try DateRange(request)
            let points = try await view.benchmark.series(symbol: "SPX", from: range.start, to: range.end)
            let first = points.first?.value ?? 1
            return Benchmark(
                series: points.map { SeriesPoint(date: $0.date, value: $0.value / first * 100) },
                benchmarkName: "S&P 500")
        }
    }
}

/// A flat object from currency code to name.
struct CurrencyList: ResponseEncodable {
    var names: [String: String]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(names)
    }
}
