/// One decision's inputs: the history, the day and the universe (history indices sorted by symbol).
struct DecisionContext {
    let history: MarketHistory
    let day: Int
    let assets: [Int]

    var date: TradingDate { history.dates[day] }

    /// An asset that passed the screen, with the inputs computed for it.
    struct Candidate {
        let index: Int
        let symbol: String
        var momentum: Double?
        /// The lookback's daily returns, oldest first.
        var returns: [Double]?
        /// Sample standard deviation of `returns`.
        var dailyVolatility: Double?

        var annualisedVolatility: Double? {
            dailyVolatility.map { $0 * SampleStatistics.periodsPerYear.squareRoot() }
        }
    }

    /// Splits the universe into assets with the inputs needed and exclusions with the reason.
    func screen(momentumDays: Int?, lookback: Int?) -> (eligible: [Candidate], excluded: [AssetExclusion]) {
        var eligible: [Candidate] = []
        var excluded: [AssetExclusion] = []
        for index in assets {
            let symbol = history.symbols[index]
            switch inputs(of: index, momentumDays: momentumDays, lookback: lookback) {
            case .success(let candidate): eligible.append(candidate)
            case .failure(let reason): excluded.append(AssetExclusion(symbol: symbol, reason: reason.text))
            }
        }
        return (eligible, excluded)
    }

    private struct Ineligible: Error {
        let text: String
    }

    private func inputs(of index: Int, momentumDays: Int?, lookback: Int?) -> Result<Candidate, Ineligible> {
        var candidate = Candidate(index: index, symbol: history.symbols[index])
        guard let close = history.closes[day][index] else {
            return .failure(Ineligible(text: "no close on \(date.text)"))
        }
        if let momentumDays {
            guard day >= momentumDays else {
                return .failure(Ineligible(text: "fewer than \(momentumDays + 1) closes up to \(date.text)"))
            }
            guard let past = history.closes[day - momentumDays][index] else {
                let start = history.dates[day - momentumDays].text
                return .failure(Ineligible(text: "no close on \(start) for the \(momentumDays)-day momentum"))
            }
            candidate.momentum = close / past - 1
        }
        if let lookback {
            guard day >= lookback else {
                return .failure(Ineligible(text: "fewer than \(lookback) daily returns up to \(date.text)"))
            }
            let window = history.returns[(day - lookback + 1)...day].compactMap { $0[index] }
            guard window.count == lookback else {
                let missing = lookback - window.count
                return .failure(
                    Ineligible(text: "missing \(missing) of the \(lookback) daily returns up to \(date.text)"))
            }
            let volatility = SampleStatistics.standardDeviation(window)
            guard volatility > 0 else {
                return .failure(
                    Ineligible(text: "no price movement in the \(lookback) daily returns up to \(date.text)"))
            }
            candidate.returns = window
            candidate.dailyVolatility = volatility
        }
        return .success(candidate)
    }

    /// The first date whose close the inputs used.
    func inputStart(momentumDays: Int?, lookback: Int?) -> TradingDate {
        let reach = max(momentumDays ?? 0, lookback ?? 0)
        return history.dates[max(0, day - reach)]
    }

    /// Momentum scores strongest first, ties by symbol.
    func ranked(_ candidates: [Candidate]) -> [MomentumScore] {
        candidates.compactMap { candidate in
            candidate.momentum.map { MomentumScore(symbol: candidate.symbol, momentum: $0) }
        }
        .sorted { $0.momentum != $1.momentum ? $0.momentum > $1.momentum : $0.symbol < $1.symbol }
    }

    /// A decision whose weights come from `components`, each with its history index.
    func decision(
        inputStart: TradingDate, sleeves: [SleeveOutcome], components: [(index: Int, component: AssetComponent)],
        excluded: [AssetExclusion], momentumScores: [MomentumScore] = [], notes: [String] = []
    ) -> WeightDecision {
        var weights = [Double](repeating: 0, count: history.symbols.count)
        let total = components.reduce(0.0) { $0 + $1.component.weight }
        var normalised = components
        for position in normalised.indices {
            normalised[position].component.weight /= total
            weights[normalised[position].index] = normalised[position].component.weight
        }
        return WeightDecision(
            asOf: date, inputStart: inputStart, sleeves: sleeves, components: normalised.map(\.component),
            excluded: excluded.sorted { $0.symbol < $1.symbol }, momentumScores: momentumScores, notes: notes,
            symbols: history.symbols, weights: weights)
    }
}
