extension InvestmentSimulation {
    /// The index values of a simulation: from the first index date on or after the start to the last one on or
    /// before the end.
    struct Period {
        /// The index values of the period, ascending; never empty.
        var values: ArraySlice<(date: TradingDate, value: Double)>
        /// The first index date.
        var start: TradingDate
        /// The first index value.
        var startValue: Double
        /// The last index date.
        var end: TradingDate
        /// The last index value.
        var endValue: Double

        /// Selects the period of `request` from the index, after checking the request's dates.
        init(request: SimulationRequest, index: SimulationIndex) throws(SimulationError) {
            guard let requestedStart = TradingDate(request.startDate) else { throw .invalidDate(request.startDate) }
            var requestedEnd: TradingDate?
            if let endText = request.endDate {
                guard let end = TradingDate(endText) else { throw .invalidDate(endText) }
                guard end >= requestedStart else { throw .endBeforeStart(end: end.text, start: requestedStart.text) }
                requestedEnd = end
            }
            let all = index.values
            guard let last = all.last else { throw .noIndexValues }
            let first = index.firstPosition(onOrAfter: requestedStart)
            guard first < all.count else {
                throw .startAfterLastValue(start: requestedStart.text, lastValue: last.date.text)
            }
            let lastPosition = requestedEnd.map { index.count(through: $0) - 1 } ?? all.count - 1
            guard lastPosition >= first else {
                throw .noIndexValueInPeriod(start: requestedStart.text, end: (requestedEnd ?? last.date).text)
            }
            values = all[first...lastPosition]
            start = all[first].date
            startValue = all[first].value
            end = all[lastPosition].date
            endValue = all[lastPosition].value
        }
    }
}
