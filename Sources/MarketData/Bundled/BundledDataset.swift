import Foundation

/// The real data shipped with AutoIndex, the embedded default: daily closes of 20 S&P 500 stocks and
/// of the S&P 500 index (1990–2022, from skfolio 1.12.2, BSD-3-Clause) and the ECB's euro reference
/// rates (1999–2026). `DATA-README.md` beside the files gives sources, licences and checksums.
public enum BundledDataset {
    /// `date,symbol,close` closes of the 20 stocks.
    public static var stockPricesURL: URL { get throws { try resource("sp500-20-daily", "csv") } }
    /// `date,symbol,close` closes of the S&P 500 index (symbol `SPX`).
    public static var benchmarkPricesURL: URL { get throws { try resource("sp500-index-daily", "csv") } }
    /// The ECB's `eurofxref-hist.csv`.
    public static var euroRatesURL: URL { get throws { try resource("ecb-eurofxref-hist", "csv") } }

    /// The source recorded on events from the bundled files.
    public static let source = "bundled"

    private static func resource(_ name: String, _ ext: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "\(name).\(ext) (bundled resource)"])
        }
        return url
    }
}
