extension RiskMetrics {
    /// Computes every figure from a daily value series that begins with its base value (such as
    /// 100 on the base date).
    ///
    /// The daily returns are `V[i] / V[i − 1] − 1`, each dated by its later value. So n values
    /// give n − 1 returns, and the base date has none. The annual risk-free rate becomes a daily one
    /// by compounding: `rf_d = (1 + rf)^(1/252) − 1`. Sharpe and alpha subtract it, and Sortino and
    /// downside risk use it as the minimum acceptable return. The benchmark's returns are computed
    /// over its own dates, then inner-joined with the index's returns by date
    /// (see ``BenchmarkRelativeMetrics/AlignedReturns``).
    ///
    /// - Parameters:
    ///   - dates: `YYYY-MM-DD` dates, strictly increasing, one per value.
    ///   - values: The index values, positive and finite, base value first.
    ///   - benchmarkDates: The benchmark's dates, or `nil` for no benchmark.
    ///   - benchmarkValues: The benchmark's values (prices or levels), or `nil` for no benchmark.
    ///   - annualRiskFreeRate: The annual risk-free rate as a decimal, for example `0.04`.
    /// - Returns: The report; ``benchmark`` is `nil` when no benchmark was given.
    /// - Throws: ``InputError`` when there are fewer than two values; when dates and values differ
    ///   in number; when dates do not increase; when a value is not positive and finite; when only
    ///   half a benchmark is given; when the risk-free rate is not above −1; or when a figure would
    ///   overflow.
    public static func compute(
        dates: [String], values: [Double], benchmarkDates: [String]? = nil, benchmarkValues: [Double]? = nil,
        annualRiskFreeRate: Double = 0
    ) throws(InputError) -> RiskMetrics {
        try validate(dates: dates, values: values, series: .portfolio)
        guard values.count > 1, let first = values.first, let last = values.last,
            let startDate = dates.first, let endDate = dates.last
        else { throw .tooFewValues(count: values.count) }
        guard annualRiskFreeRate.isFinite, annualRiskFreeRate > -1 else {
            throw .invalidRiskFreeRate(annualRiskFreeRate)
        }

        let returns = ReturnStatistics.simpleReturns(values: values)
        let riskFree = ReturnStatistics.periodRate(fromAnnual: annualRiskFreeRate)
        let cagr = ReturnStatistics.annualisedGrowth(
            last / first, periods: returns.count, periodsPerYear: ReturnStatistics.tradingDaysPerYear)
        guard returns.allSatisfy(\.isFinite),
            let totalReturn = ReturnStatistics.finite(last / first - 1),
            let downsideRisk = ReturnStatistics.downsideRisk(returns, minimumAcceptableReturn: riskFree),
            let var95 = ReturnStatistics.valueAtRisk(returns, cutoff: 0.05),
            let var99 = ReturnStatistics.valueAtRisk(returns, cutoff: 0.01),
            let cvar95 = ReturnStatistics.conditionalValueAtRisk(returns, cutoff: 0.05),
            let drawdown = Drawdown.maximum(dates: dates, values: values),
            let currentDrawdown = Drawdown.current(values)
        else { throw .notRepresentable }

        return RiskMetrics(
            totalReturn: totalReturn,
            cagr: cagr,
            annualVolatility: ReturnStatistics.annualVolatility(returns),
            sharpeRatio: ReturnStatistics.sharpeRatio(returns, riskFree: riskFree),
            sortinoRatio: ReturnStatistics.sortinoRatio(returns, minimumAcceptableReturn: riskFree),
            downsideRisk: downsideRisk,
            maxDrawdown: drawdown.value,
            maxDrawdownPeakDate: drawdown.peakDate,
            maxDrawdownTroughDate: drawdown.troughDate,
            maxDrawdownRecoveryDate: drawdown.recoveryDate,
            currentDrawdown: currentDrawdown,
            calmarRatio: calmar(cagr: cagr, maxDrawdown: drawdown.value),
            var95: var95,
            var99: var99,
            cvar95: cvar95,
            nReturns: returns.count,
            startDate: startDate,
            endDate: endDate,
            benchmark: try benchmarkMetrics(
                dates: dates, returns: returns, benchmarkDates: benchmarkDates, benchmarkValues: benchmarkValues,
                riskFree: riskFree)
        )
    }

    /// `cagr / |maxDrawdown|`, or `nil` without a drawdown, as empyrical's `calmar_ratio` answers NaN.
    private static func calmar(cagr: Double?, maxDrawdown: Double) -> Double? {
        guard let cagr, maxDrawdown < 0 else { return nil }
        return ReturnStatistics.finite(cagr / -maxDrawdown)
    }

    private static func benchmarkMetrics(
        dates: [String], returns: [Double], benchmarkDates: [String]?, benchmarkValues: [Double]?,
        riskFree: Double
    ) throws(InputError) -> BenchmarkRelativeMetrics? {
        switch (benchmarkDates, benchmarkValues) {
        case (nil, nil):
            return nil
        case (let benchmarkDates?, let benchmarkValues?):
            try validate(dates: benchmarkDates, values: benchmarkValues, series: .benchmark)
            let benchmarkReturns = ReturnStatistics.simpleReturns(values: benchmarkValues)
            let aligned = try BenchmarkRelativeMetrics.AlignedReturns(
                dates: Array(dates.dropFirst()), returns: returns,
                benchmarkDates: Array(benchmarkDates.dropFirst()), benchmarkReturns: benchmarkReturns)
            return BenchmarkRelativeMetrics(aligned: aligned, riskFree: riskFree)
        default:
            throw .incompleteBenchmark
        }
    }

    /// Checks that a value series has one date per value, strictly increasing dates, and positive
    /// finite values.
    static func validate(dates: [String], values: [Double], series: InputError.Series) throws(InputError) {
        try validate(dates: dates, count: values.count, series: series)
        for (date, value) in zip(dates, values) where !(value.isFinite && value > 0) {
            throw .invalidValue(series, date: date, value: value)
        }
    }

    /// Checks that there is one date per entry and that the dates increase strictly.
    static func validate(dates: [String], count: Int, series: InputError.Series) throws(InputError) {
        guard dates.count == count else {
            throw .lengthMismatch(series, dates: dates.count, values: count)
        }
        for (previous, next) in zip(dates, dates.dropFirst()) where !(previous < next) {
            throw .datesNotIncreasing(series, previous: previous, next: next)
        }
    }
}
