extension BenchmarkRelativeMetrics {
    /// Two dated return series, reduced to the dates that both have (an inner join by date).
    ///
    /// This is what empyrical's `_aligned_series` does: it outer-joins the two series and its
    /// nan-aware statistics skip any date where either one is missing. Each series' returns are
    /// computed over its own dates first. So if the benchmark has no row for a day, its next
    /// return spans two days and is still paired with the index's one-day return on that date.
    public struct AlignedReturns: Sendable, Hashable {
        /// The shared dates, in increasing order.
        public var dates: [String]
        /// The index's returns on `dates`.
        public var returns: [Double]
        /// The benchmark's returns on `dates`.
        public var benchmarkReturns: [Double]

        /// Inner-joins two dated return series by date.
        ///
        /// - Parameters:
        ///   - dates: The index's `YYYY-MM-DD` dates, strictly increasing, one per return.
        ///   - returns: The index's returns.
        ///   - benchmarkDates: The benchmark's `YYYY-MM-DD` dates, strictly increasing, one per return.
        ///   - benchmarkReturns: The benchmark's returns.
        /// - Throws: `RiskMetrics.InputError` when a series has more dates than returns (or fewer),
        ///   dates that do not increase, or a return that is not finite.
        public init(
            dates: [String], returns: [Double], benchmarkDates: [String], benchmarkReturns: [Double]
        ) throws(RiskMetrics.InputError) {
            try Self.validate(dates: dates, returns: returns, series: .portfolio)
            try Self.validate(dates: benchmarkDates, returns: benchmarkReturns, series: .benchmark)
            var benchmarkByDate: [String: Double] = [:]
            for (date, value) in zip(benchmarkDates, benchmarkReturns) {
                benchmarkByDate[date] = value
            }
            var shared: [String] = []
            var joined: [Double] = []
            var joinedBenchmark: [Double] = []
            for (date, value) in zip(dates, returns) {
                guard let benchmarkValue = benchmarkByDate[date] else { continue }
                shared.append(date)
                joined.append(value)
                joinedBenchmark.append(benchmarkValue)
            }
            self.dates = shared
            self.returns = joined
            self.benchmarkReturns = joinedBenchmark
        }

        private static func validate(
            dates: [String], returns: [Double], series: RiskMetrics.InputError.Series
        ) throws(RiskMetrics.InputError) {
            try RiskMetrics.validate(dates: dates, count: returns.count, series: series)
            for (date, value) in zip(dates, returns) where !value.isFinite {
                throw .invalidValue(series, date: date, value: value)
            }
        }
    }
}
