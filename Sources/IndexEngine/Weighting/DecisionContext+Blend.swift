extension DecisionContext {
    /// The blended strategy: each sleeve's weights over the eligible assets, combined with the configured
    /// sleeve weights renormalised over the sleeves that could be computed, then bounded per asset.
    func blendWeights(_ parameters: StrategyParameters, marketCaps: [String: Double]) throws(EngineError)
        -> WeightDecision
    {
        let momentumDays = parameters.momentumWeight > 0 ? parameters.momentumDays : nil
        let lookback = parameters.riskParityWeight > 0 ? parameters.volatilityLookback : nil
        let (eligible, excluded) = screen(momentumDays: momentumDays, lookback: lookback)
        guard !eligible.isEmpty else { throw .noEligibleAssets(asOf: date, exclusions: excluded) }

        var sleeveWeights: [StrategySleeve: [Double]] = [:]
        var sleeveNotes: [StrategySleeve: String] = [:]
        if momentumDays != nil {
            let threshold = parameters.momentumThreshold
            let passes = eligible.map { candidate in
                guard let threshold, let momentum = candidate.momentum else { return true }
                return momentum >= threshold
            }
            let candidates = zip(eligible, passes).filter(\.1).map(\.0)
            if candidates.isEmpty {
                sleeveNotes[.momentum] = "no asset at or above the momentum threshold \((threshold ?? 0).reasonText)"
            } else {
                let sleeve = MomentumSleeve(candidates)
                var weights = [Double](repeating: 0, count: eligible.count)
                var next = 0
                for position in eligible.indices where passes[position] {
                    weights[position] = sleeve.weights[next]
                    next += 1
                }
                sleeveWeights[.momentum] = weights
                sleeveNotes[.momentum] = sleeve.note
            }
        }
        if parameters.marketCapWeight > 0 {
            let (weights, note) = try MarketCapSleeve.weights(eligible, caps: marketCaps)
            sleeveWeights[.marketCap] = weights
            sleeveNotes[.marketCap] = note
        }
        if lookback != nil {
            sleeveWeights[.riskParity] = try RiskParitySleeve.weights(eligible, method: parameters.riskParityMethod)
        }

        let presentTotal = StrategySleeve.allCases.filter { sleeveWeights[$0] != nil }
            .reduce(0.0) { $0 + parameters.configuredWeight(of: $1) }
        guard presentTotal > 0 else {
            let notes = StrategySleeve.allCases.compactMap { sleeve in
                sleeveNotes[sleeve].map { "\(sleeve.rawValue): \($0)" }
            }
            throw .noSleeveAvailable(asOf: date, notes: notes)
        }
        let sleeves = StrategySleeve.allCases.map { sleeve in
            let configured = parameters.configuredWeight(of: sleeve)
            let applied = sleeveWeights[sleeve] != nil ? configured / presentTotal : 0
            return SleeveOutcome(
                sleeve: sleeve, configuredWeight: configured, appliedWeight: applied, note: sleeveNotes[sleeve])
        }
        var blended = [Double](repeating: 0, count: eligible.count)
        for outcome in sleeves {
            guard let weights = sleeveWeights[outcome.sleeve] else { continue }
            for position in eligible.indices { blended[position] += outcome.appliedWeight * weights[position] }
        }
        let (bounded, boundsNote) = WeightBounds.apply(
            blended, min: parameters.minWeight, max: parameters.maxWeight)

        let components = eligible.indices.map { position in
            let candidate = eligible[position]
            return (
                candidate.index,
                AssetComponent(
                    symbol: candidate.symbol, momentum: candidate.momentum, volatility: candidate.annualisedVolatility,
                    momentumWeight: sleeveWeights[.momentum]?[position],
                    marketCapWeight: sleeveWeights[.marketCap]?[position],
                    riskParityWeight: sleeveWeights[.riskParity]?[position], weight: bounded[position])
            )
        }
        return decision(
            inputStart: inputStart(momentumDays: momentumDays, lookback: lookback), sleeves: sleeves,
            components: components, excluded: excluded, momentumScores: momentumDays != nil ? ranked(eligible) : [],
            notes: boundsNote.map { [$0] } ?? [])
    }
}
