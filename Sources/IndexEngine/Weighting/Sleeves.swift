/// Momentum-sleeve weights: proportional to positive momentum; equal when no candidate has any.
struct MomentumSleeve {
    let weights: [Double]
    let note: String?

    init(_ candidates: [DecisionContext.Candidate]) {
        let positive = candidates.map { max($0.momentum ?? 0, 0) }
        let total = positive.reduce(0, +)
        if total > 0 {
            weights = positive.map { $0 / total }
            note = nil
        } else {
            weights = Array(repeating: 1 / Double(candidates.count), count: candidates.count)
            note = "no positive momentum: equal weights"
        }
    }
}

/// Risk-parity-sleeve weights: inverse volatility or equal risk contribution.
enum RiskParitySleeve {
    static func weights(_ candidates: [DecisionContext.Candidate], method: RiskParityMethod) throws(EngineError)
        -> [Double]
    {
        switch method {
        case .inverseVolatility:
            let inverse = candidates.map { 1 / ($0.dailyVolatility ?? .infinity) }
            let total = inverse.reduce(0, +)
            return inverse.map { $0 / total }
        case .equalRiskContribution:
            // A sample covariance of N returns has rank at most N − 1: with as many assets, a long-only
            // portfolio can have no sample risk at all and the contributions cannot be equalised.
            let lookback = candidates.first?.returns?.count ?? 0
            guard candidates.count < lookback else {
                throw .invalidParameters(
                    "equal risk contribution over \(lookback) daily returns needs fewer than \(lookback) assets; "
                        + "\(candidates.count) are eligible")
            }
            let covariance = SampleStatistics.covariance(candidates.map { $0.returns ?? [] })
            return try EqualRiskContribution.weights(covariance: covariance)
        }
    }
}

/// Market-cap-sleeve weights: proportional to the caps known for the candidates.
enum MarketCapSleeve {
    /// The weights, or nil with why when no candidate has a cap.
    static func weights(_ candidates: [DecisionContext.Candidate], caps: [String: Double]) throws(EngineError) -> (
        weights: [Double]?, note: String?
    ) {
        var known: [Double] = []
        var missing: [String] = []
        for candidate in candidates {
            guard let cap = caps[candidate.symbol] else {
                missing.append(candidate.symbol)
                known.append(0)
                continue
            }
            guard cap > 0, cap.isFinite else {
                throw .invalidParameters("market cap of \(candidate.symbol) is \(cap), not a positive number")
            }
            known.append(cap)
        }
        let total = known.reduce(0, +)
        guard total > 0 else { return (nil, "no market-cap facts") }
        let note = missing.isEmpty ? nil : "no market-cap facts for \(missing.joined(separator: ", ")): weight 0"
        return (known.map { $0 / total }, note)
    }
}
