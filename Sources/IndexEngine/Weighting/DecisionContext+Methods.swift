extension DecisionContext {
    func equalWeights() throws(EngineError) -> WeightDecision {
        let (eligible, excluded) = screen(momentumDays: nil, lookback: nil)
        guard !eligible.isEmpty else { throw .noEligibleAssets(asOf: date, exclusions: excluded) }
        let weight = 1 / Double(eligible.count)
        return decision(
            inputStart: date, sleeves: [],
            components: eligible.map { ($0.index, AssetComponent(symbol: $0.symbol, weight: weight)) },
            excluded: excluded)
    }

    func momentumWeights(days: Int, threshold: Double?) throws(EngineError) -> WeightDecision {
        let (eligible, screenedOut) = screen(momentumDays: days, lookback: nil)
        var excluded = screenedOut
        var candidates: [Candidate] = []
        for candidate in eligible {
            if let threshold, let momentum = candidate.momentum, momentum < threshold {
                excluded.append(
                    AssetExclusion(
                        symbol: candidate.symbol,
                        reason: "momentum \(momentum.reasonText) below threshold \(threshold.reasonText)"))
            } else {
                candidates.append(candidate)
            }
        }
        guard !candidates.isEmpty else {
            throw .noEligibleAssets(asOf: date, exclusions: excluded.sorted { $0.symbol < $1.symbol })
        }
        let sleeve = MomentumSleeve(candidates)
        let components = zip(candidates, sleeve.weights).map { candidate, weight in
            (
                candidate.index,
                AssetComponent(
                    symbol: candidate.symbol, momentum: candidate.momentum, momentumWeight: weight, weight: weight)
            )
        }
        return decision(
            inputStart: inputStart(momentumDays: days, lookback: nil),
            sleeves: [SleeveOutcome(sleeve: .momentum, configuredWeight: 1, appliedWeight: 1, note: sleeve.note)],
            components: components, excluded: excluded, momentumScores: ranked(eligible))
    }

    func riskParityWeights(method: RiskParityMethod, lookback: Int) throws(EngineError) -> WeightDecision {
        let (eligible, excluded) = screen(momentumDays: nil, lookback: lookback)
        guard !eligible.isEmpty else { throw .noEligibleAssets(asOf: date, exclusions: excluded) }
        let weights = try RiskParitySleeve.weights(eligible, method: method)
        let components = zip(eligible, weights).map { candidate, weight in
            (
                candidate.index,
                AssetComponent(
                    symbol: candidate.symbol, volatility: candidate.annualisedVolatility, riskParityWeight: weight,
                    weight: weight)
            )
        }
        return decision(
            inputStart: inputStart(momentumDays: nil, lookback: lookback),
            sleeves: [SleeveOutcome(sleeve: .riskParity, configuredWeight: 1, appliedWeight: 1, note: nil)],
            components: components, excluded: excluded)
    }
}
