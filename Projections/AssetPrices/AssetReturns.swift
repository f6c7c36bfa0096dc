import GRDB

/// An asset's latest returns from its closes, decimals (0.05 is 5 %).
public struct AssetReturns: Sendable, Hashable {
    /// The date of the last close.
    public var date: String
    /// The last close over the one before, minus 1; nil with a single close.
    public var daily: Double?
    /// The last close over the last close of the previous calendar year, minus 1; nil when the
    /// history starts in the last close's year.
    public var yearToDate: Double?

    /// The returns of a last close given the close before it and the previous year's last close.
    public init(date: String, last: Double, previous: Double?, previousYearEnd: Double?) {
        self.date = date
        daily = previous.flatMap { Self.ratio(last, $0) }
        yearToDate = previousYearEnd.flatMap { Self.ratio(last, $0) }
    }

    private static func ratio(_ close: Double, _ base: Double) -> Double? {
        base > 0 && base.isFinite && close.isFinite ? close / base - 1 : nil
    }
}

extension AssetPriceQueries {
    /// Each symbol's latest returns (symbols without a close are left out).
    public func returns(symbols: [String]) async throws -> [String: AssetReturns] {
        try await database.read { db in
            var answer: [String: AssetReturns] = [:]
            for symbol in symbols {
                let recent = try Row.fetchAll(
                    db,
                    sql: "SELECT date, close_value FROM asset_prices WHERE symbol = ? ORDER BY date DESC LIMIT 2",
                    arguments: [symbol])
                guard let last = recent.first else { continue }
                let date: String = last[0]
                let yearStart = String(date.prefix(4)) + "-01-01"
                let yearEnd = try Double.fetchOne(
                    db,
                    sql:
                        "SELECT close_value FROM asset_prices WHERE symbol = ? AND date < ? ORDER BY date DESC LIMIT 1",
                    arguments: [symbol, yearStart])
                answer[symbol] = AssetReturns(
                    date: date, last: last[1], previous: recent.count > 1 ? recent[1][1] : nil,
                    previousYearEnd: yearEnd)
            }
            return answer
        }
    }
}
