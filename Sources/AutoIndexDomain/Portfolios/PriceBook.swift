import Foundation

/// The closes of the tradable assets, sorted by date, in exact decimals: what the paper broker fills
/// at and portfolios are valued at.
public struct PriceBook: Sendable, Hashable {
    /// One close.
    public struct Close: Sendable, Hashable {
        public var date: String
        public var price: Decimal
        /// The close as the log holds it.
        public var text: String
    }

    private var series: [String: [Close]] = [:]
    /// Listed symbols that can be traded (benchmarks such as `SPX` cannot).
    public private(set) var tradable: Set<String> = []
    /// The latest close date of any tradable symbol.
    public private(set) var latestDate: String?
    private var listed: Set<String> = []

    /// The book of `ledger`'s closes (corrections applied) for its tradable assets.
    public init(_ ledger: MarketDataLedger) {
        listed = Set(ledger.assets.keys)
        for (symbol, asset) in ledger.assets where asset.assetClass != "index" {
            add(symbol, ledger.closes[symbol] ?? [:])
        }
    }

    /// A book of the given closes per symbol, every symbol tradable (for tests and examples).
    public init(closes: [String: [String: String]]) {
        for (symbol, byDate) in closes { add(symbol, byDate) }
    }

    private mutating func add(_ symbol: String, _ byDate: [String: String]) {
        tradable.insert(symbol)
        let sorted = byDate.compactMap { date, text in
            Money.parse(text).map { Close(date: date, price: $0, text: text) }
        }.sorted { $0.date < $1.date }
        guard let last = sorted.last?.date else { return }
        series[symbol] = sorted
        if last > (latestDate ?? "") { latestDate = last }
    }

    /// Whether `symbol` is listed at all (tradable or a benchmark).
    public func isListed(_ symbol: String) -> Bool { listed.contains(symbol) || tradable.contains(symbol) }

    /// The latest close of `symbol` on or before `date`.
    public func close(of symbol: String, onOrBefore date: String) -> Close? {
        guard let closes = series[symbol] else { return nil }
        let index = firstIndex(in: closes) { $0.date > date }
        return index == 0 ? nil : closes[index - 1]
    }

    /// The first close of `symbol` after `date`: where a market-on-next-close order fills.
    public func close(of symbol: String, after date: String) -> Close? {
        guard let closes = series[symbol] else { return nil }
        let index = firstIndex(in: closes) { $0.date > date }
        return index < closes.count ? closes[index] : nil
    }

    /// The latest close of `symbol`.
    public func latestClose(of symbol: String) -> Close? { series[symbol]?.last }

    /// The latest close date before `date` of any tradable symbol.
    public func latestDate(before date: String) -> String? {
        series.values.compactMap { closes -> String? in
            let index = firstIndex(in: closes) { $0.date >= date }
            return index == 0 ? nil : closes[index - 1].date
        }.max()
    }

    private func firstIndex(in closes: [Close], where isPast: (Close) -> Bool) -> Int {
        var low = 0
        var high = closes.count
        while low < high {
            let middle = (low + high) / 2
            if isPast(closes[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
