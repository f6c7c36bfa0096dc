/// Simulates investing money in the index, which is valued in USD, from another currency.
///
/// Rules:
/// - The investment starts on the first index date on or after the request's start date (the first index
///   date when the start is before it); a start after the last index date is an error.
/// - Values run to the last index date on or before the end date, or to the last index date without one;
///   an end date before the start date, or no index date between them, is an error.
/// - Each cash flow is converted to USD at the FX rate of its own date and buys index units at that date's
///   index value: `units += (amount / unitsPerUSD(currency, d)) / V_d`.
/// - The monthly contribution is invested on the first index date of each calendar month after the start's,
///   up to the end; a month without index dates gets none.
/// - The value at date `t` is `units_t · V_t · unitsPerUSD(currency, t)`: converted at the rate of the
///   valuation date, neither today's nor the start's, so the value moves with the currency as well as the
///   index.
/// - Rates are the latest ECB fixings on or before each date (see `FxConverter`), never later ones.
public enum InvestmentSimulation {
    /// Runs a simulation.
    /// - Parameters:
    ///   - request: the amount, currency, dates and optional monthly contribution.
    ///   - index: the index values by date `YYYY-MM-DD`, ascending (e.g. from the index history read model).
    ///   - fx: the converter holding the reference rates.
    /// - Returns: the value at every index date from start to end, the cash flows and a summary.
    /// - Throws: `SimulationError` for an amount or contribution that is not positive and finite, a date that
    ///   is not `YYYY-MM-DD`, an unknown currency, no FX rate on or before a date of the period, an index
    ///   without values or with values that are not positive and finite or dates that do not ascend, a start
    ///   after the last index date, an end before the start, or values too large to represent.
    public static func run(
        _ request: SimulationRequest, index: [(date: String, value: Double)], fx: FxConverter
    ) throws(SimulationError) -> SimulationResult {
        try run(request, index: try SimulationIndex(index), fx: fx)
    }

    /// Runs a simulation over an index checked beforehand, for a caller that runs many over one index.
    /// - Parameters:
    ///   - request: the amount, currency, dates and optional monthly contribution.
    ///   - index: the index values, checked.
    ///   - fx: the converter holding the reference rates.
    /// - Returns: the value at every index date from start to end, the cash flows and a summary.
    /// - Throws: as `run(_:index:fx:)` does, except for the index's own checks.
    public static func run(
        _ request: SimulationRequest, index: SimulationIndex, fx: FxConverter
    ) throws(SimulationError) -> SimulationResult {
        guard request.amount.isFinite, request.amount > 0 else { throw .invalidAmount(request.amount) }
        if let contribution = request.monthlyContribution, !(contribution.isFinite && contribution > 0) {
            throw .invalidContribution(contribution)
        }
        let currency = request.currency.uppercased()
        try fx.checkKnown(currency)
        let period = try Period(request: request, index: index)

        var units = 0.0
        var invested = 0.0
        var points: [SimulationPoint] = []
        var cashFlows: [SimulationCashFlow] = []
        var previousMonth: (year: Int, month: Int)?
        for (date, indexValue) in period.values {
            let fxRate = try fx.unitsPerUSD(currency, on: date)
            let month = (date.year, date.month)
            let cashAmount: Double? =
                if let previousMonth {
                    previousMonth != month ? request.monthlyContribution : nil
                } else {
                    request.amount
                }
            previousMonth = month
            if let cashAmount {
                let usdAmount = cashAmount / fxRate
                let bought = usdAmount / indexValue
                units += bought
                invested += cashAmount
                cashFlows.append(
                    SimulationCashFlow(
                        date: date.text, amount: cashAmount, fxRate: fxRate, usdAmount: usdAmount,
                        indexValue: indexValue, units: bought))
            }
            let value = units * indexValue * fxRate
            guard value.isFinite, units.isFinite, invested.isFinite else { throw .valueOverflow(date: date.text) }
            points.append(
                SimulationPoint(
                    date: date.text, value: value, invested: invested, indexValue: indexValue, fxRate: fxRate))
        }

        let finalValue = points.last?.value ?? 0
        return SimulationResult(
            startDate: period.start.text, endDate: period.end.text, currency: currency, totalInvested: invested,
            finalValue: finalValue, profit: finalValue - invested, simpleReturn: finalValue / invested - 1,
            indexReturn: period.endValue / period.startValue - 1, points: points, cashFlows: cashFlows)
    }
}
