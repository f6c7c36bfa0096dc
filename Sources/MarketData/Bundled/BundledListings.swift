import AutoIndexDomain

/// Names, sectors and classes of the symbols in the bundled dataset (GICS sectors), used to list an
/// asset the first time its prices arrive. Unknown symbols are listed under their ticker.
public enum BundledListings {
    private static let equities: [(symbol: String, name: String, sector: String)] = [
        ("AAPL", "Apple Inc.", "Information Technology"),
        ("AMD", "Advanced Micro Devices, Inc.", "Information Technology"),
        ("BAC", "Bank of America Corporation", "Financials"),
        ("BBY", "Best Buy Co., Inc.", "Consumer Discretionary"),
        ("CVX", "Chevron Corporation", "Energy"),
        ("GE", "General Electric Company", "Industrials"),
        ("HD", "The Home Depot, Inc.", "Consumer Discretionary"),
        ("JNJ", "Johnson & Johnson", "Health Care"),
        ("JPM", "JPMorgan Chase & Co.", "Financials"),
        ("KO", "The Coca-Cola Company", "Consumer Staples"),
        ("LLY", "Eli Lilly and Company", "Health Care"),
        ("MRK", "Merck & Co., Inc.", "Health Care"),
        ("MSFT", "Microsoft Corporation", "Information Technology"),
        ("PEP", "PepsiCo, Inc.", "Consumer Staples"),
        ("PFE", "Pfizer Inc.", "Health Care"),
        ("PG", "The Procter & Gamble Company", "Consumer Staples"),
        ("RRC", "Range Resources Corporation", "Energy"),
        ("UNH", "UnitedHealth Group Incorporated", "Health Care"),
        ("WMT", "Walmart Inc.", "Consumer Staples"),
        ("XOM", "Exxon Mobil Corporation", "Energy"),
    ]

    /// The S&P 500 price index, the benchmark; never a constituent of the index.
    public static let benchmarkSymbol = "SPX"

    /// The `AssetListed` event for `symbol`.
    /// - Parameters:
    ///   - assetClass: the class for a symbol the table does not know: `equity` (a constituent) or
    ///     `index` (a benchmark).
    ///   - source: recorded as the event's source.
    public static func listing(for symbol: String, assetClass: String = "equity", source: String) -> AssetListed {
        if symbol == benchmarkSymbol {
            return AssetListed(
                symbol: symbol, name: "S&P 500", sector: "", currency: "USD", assetClass: "index", source: source)
        }
        if let known = equities.first(where: { $0.symbol == symbol }) {
            return AssetListed(
                symbol: symbol, name: known.name, sector: known.sector, currency: "USD", assetClass: "equity",
                source: source)
        }
        return AssetListed(
            symbol: symbol, name: symbol, sector: "", currency: "USD", assetClass: assetClass, source: source)
    }
}
