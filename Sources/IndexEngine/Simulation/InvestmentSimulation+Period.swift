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

        /// Selects the period of `request` from the index, after checking both.
        init(request: SimulationRequest, index rawIndex: [(date: String, value: Double)]) throws(SimulationError) {
            guard let requestedStart = TradingDate(request.startDate) else { throw .invalidDate(request.startDate) }
            var requestedEnd: TradingDate?
            if let endText = request.endDate {
                guard let end = TradingDate(endText) else { throw .invalidDate(endText) }
                guard end >= requestedStart else { throw .endBeforeStart(end: end.text, start: requestedStart.text) }
                requestedEnd = end
            }
            let index = try InvestmentSimulation.validated(rawIndex)
            guard let last = index.last else { throw .noIndexValues }
            guard let first = index.firstIndex(where: { $0.date >= requestedStart }) else {
                throw .startAfterLastValue(start: requestedStart.text, lastValue: last.date.text)
            }
            let lastPosition = requestedEnd.map { end in index.lastIndex { $0.date <= end } ?? -1 } ?? index.count - 1
            guard lastPosition >= first else {
                throw .noIndexValueInPeriod(start: requestedStart.text, end: (requestedEnd ?? last.date).text)
            }
            values = index[first...lastPosition]
            start = index[first].date
            startValue = index[first].value
            end = index[lastPosition].date
            endValue = index[lastPosition].value
        }
    }

    /// The index with parsed dates, after checking that it has values, its dates ascend and its values are
    /// positive and finite.
    static func validated(
        _ index: [(date: String, value: Double)]
    ) throws(SimulationError) -> [(date: TradingDate, value: Double)] {
        guard !index.isEmpty else { throw .noIndexValues }
        var parsed: [(date: TradingDate, value: Double)] = []
        parsed.reserveCapacity(index.count)
        for (text, value) in index {
            guard let date = TradingDate(text) else { throw .invalidDate(text) }
            if let previous = parsed.last?.date, previous >= date {
                throw .indexNotAscending(previous: previous.text, date: date.text)
            }
            guard value.isFinite, value > 0 else { throw .invalidIndexValue(date: date.text, value: value) }
            parsed.append((date, value))
        }
        return parsed
    }
}
