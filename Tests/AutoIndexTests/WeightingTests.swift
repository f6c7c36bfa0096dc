import IndexEngine
import Testing

@Suite("Weighting")
struct WeightingTests {
    /// Three assets over four March days whose daily returns alternate +s, −s, +s with s = 1 %, 2 %, 3 %:
    ///
    ///     date         A           B           C
    ///     2024-03-01   100         100         100
    ///     2024-03-04   101         102         103
    ///     2024-03-05    99.99       99.96       99.91
    ///     2024-03-06   100.9899    101.9592    102.9073
    ///
    /// Returns of A: 0.01, −0.01, 0.01: mean 0.01/3, squared deviations (0.02² + 0.04² + 0.02²)/9 = 0.0024/9,
    /// sample variance 0.0012/9 = 0.0004/3, σ_A = 0.011547…; σ_B = 2·σ_A and σ_C = 3·σ_A.
    /// Annualised: σ_A·√252 = √(0.0004/3·252) = √0.0336 = 0.183303….
    /// Inverse volatility ∝ 1 : ½ : ⅓ = 6/11, 3/11, 2/11.
    /// Three-day momentum: A 1.01·0.99·1.01 − 1 = 0.009899, B 1.02·0.98·1.02 − 1 = 0.019592,
    /// C 1.03·0.97·1.03 − 1 = 0.029073.
    private static let alternating: [String: [Double?]] = [
        "A": [100, 101, 99.99, 100.9899],
        "B": [100, 102, 99.96, 101.9592],
        "C": [100, 103, 99.91, 102.9073],
    ]
    private static let inverseVolatility = [6.0 / 11, 3.0 / 11, 2.0 / 11]
    private static let momentum = [0.009899, 0.019592, 0.029073]

    @Test("equal weight: 1/n over the assets with a close on the day; the others are excluded with why")
    func equalWeights() throws {
        var columns = Self.alternating
        columns["D"] = [100, 100, 100, nil]
        let history = try Self.history(columns)
        let decision = try WeightEngine.decide(.equal, history: history, asOf: 3)
        let third = 1.0 / 3
        #expect(decision.weights == [third, third, third, 0])
        #expect(decision.components.map(\.symbol) == ["A", "B", "C"])
        #expect(decision.excluded == [AssetExclusion(symbol: "D", reason: "no close on 2024-03-06")])
        #expect(decision.asOf.text == "2024-03-06")
        #expect(decision.inputStart.text == "2024-03-06")
        #expect(decision.sleeves.isEmpty)
    }

    @Test("a universe limits the assets weighted; an unknown symbol is an error")
    func universe() throws {
        let history = try Self.history(Self.alternating)
        let decision = try WeightEngine.decide(.equal, history: history, asOf: 3, universe: ["C", "A"])
        #expect(decision.weights == [0.5, 0, 0.5])
        #expect(decision.excluded.isEmpty)
        #expect(throws: EngineError.unknownAsset("Z")) {
            try WeightEngine.decide(.equal, history: history, asOf: 3, universe: ["A", "Z"])
        }
        #expect(
            EngineError.unknownAsset("Z").description == "unknown asset Z: the price history has no such symbol")
        #expect(throws: EngineError.dayOutOfRange(index: 4, count: 4)) {
            try WeightEngine.decide(.equal, history: history, asOf: 4)
        }
    }

    @Test("inverse volatility over the last N returns up to the day, worked by hand")
    func inverseVolatilityByHand() throws {
        let history = try Self.history(Self.alternating)
        let decision = try WeightEngine.decide(.inverseVolatility(lookback: 3), history: history, asOf: 3)
        for (weight, expected) in zip(decision.weights, Self.inverseVolatility) {
            #expect(abs(weight - expected) < 1e-12)
        }
        let volatilities = try decision.components.map { try #require($0.volatility) }
        #expect(abs(volatilities[0] - 0.0336.squareRoot()) < 1e-12)
        #expect(abs(volatilities[0] - 0.183_303_027_798_233_9) < 1e-12)
        #expect(abs(volatilities[1] - 2 * 0.0336.squareRoot()) < 1e-12)
        #expect(abs(volatilities[2] - 3 * 0.0336.squareRoot()) < 1e-12)
        #expect(decision.components.map(\.riskParityWeight) == decision.components.map { $0.weight })
        #expect(decision.inputStart.text == "2024-03-01")  // 3 returns need the 4 closes from 2024-03-01
        #expect(
            decision.sleeves == [SleeveOutcome(sleeve: .riskParity, configuredWeight: 1, appliedWeight: 1, note: nil)])
    }

    @Test("volatility needs N returns up to the day, no missing one, and some movement")
    func volatilityEligibility() throws {
        var columns = Self.alternating
        columns["D"] = [100, nil, 100, 101]  // returns of 03-04 and 03-05 are missing
        columns["E"] = [50, 50, 50, 50]  // no movement
        let history = try Self.history(columns)
        let decision = try WeightEngine.decide(.inverseVolatility(lookback: 3), history: history, asOf: 3)
        #expect(
            decision.excluded == [
                AssetExclusion(symbol: "D", reason: "missing 2 of the 3 daily returns up to 2024-03-06"),
                AssetExclusion(symbol: "E", reason: "no price movement in the 3 daily returns up to 2024-03-06"),
            ])
        #expect(decision.weights[3] == 0)
        #expect(decision.weights[4] == 0)

        let early = history.dates[2]
        let tooShort = ["A", "B", "C"].map {
            AssetExclusion(symbol: $0, reason: "fewer than 3 daily returns up to 2024-03-05")
        }
        #expect(throws: EngineError.noEligibleAssets(asOf: early, exclusions: tooShort)) {
            try WeightEngine.decide(
                .inverseVolatility(lookback: 3), history: history, asOf: 2, universe: ["A", "B", "C"])
        }
        #expect(
            EngineError.noEligibleAssets(asOf: early, exclusions: Array(tooShort.prefix(2))).description
                == "no eligible asset on 2024-03-05 (A: fewer than 3 daily returns up to 2024-03-05; "
                + "B: fewer than 3 daily returns up to 2024-03-05)")
    }

    @Test(
        "momentum: assets below the threshold are excluded, the rest weighted by positive momentum, ties ranked by symbol"
    )
    func momentumThresholdAndTies() throws {
        // Two-row momentum on 2024-03-05: XOM and AAPL 100 → 110 (+10 %, a tie), KO 100 → 95 (−5 %),
        // PG 80 → 84 (+5 %). Threshold 0 excludes KO; the rest ∝ 0.1 : 0.1 : 0.05 = 0.4, 0.4, 0.2.
        let history = try Self.history(
            [
                "XOM": [100, 120, 110], "AAPL": [100, 90, 110], "KO": [100, 100, 95], "PG": [80, 81, 84],
            ], order: ["XOM", "AAPL", "KO", "PG"])
        let decision = try WeightEngine.decide(.momentum(days: 2, threshold: 0), history: history, asOf: 2)
        let expected = ["XOM": 0.4, "AAPL": 0.4, "KO": 0, "PG": 0.2]
        for symbol in history.symbols {
            #expect(abs(try #require(decision.weight(of: symbol)) - (expected[symbol] ?? -1)) < 1e-12)
        }
        #expect(decision.excluded == [AssetExclusion(symbol: "KO", reason: "momentum -0.05 below threshold 0.0")])
        #expect(decision.components.map(\.symbol) == ["AAPL", "PG", "XOM"])
        #expect(decision.momentumRanking == ["AAPL", "XOM", "PG", "KO"])
        #expect(abs(try #require(decision.momentumScores.last).momentum + 0.05) < 1e-12)
        #expect(decision.inputStart.text == "2024-03-01")
    }

    @Test("momentum: equal weights over the candidates when none has positive momentum")
    func momentumWithoutPositive() throws {
        let history = try Self.history(["A": [100, 95], "B": [100, 98]])
        let decision = try WeightEngine.decide(.momentum(days: 1, threshold: nil), history: history, asOf: 1)
        #expect(decision.weights == [0.5, 0.5])
        #expect(decision.sleeves.first?.note == "no positive momentum: equal weights")
    }

    @Test("momentum needs the close N rows back, and all assets below the threshold is an error")
    func momentumEligibility() throws {
        let history = try Self.history(["A": [100, 95, 96], "B": [nil, 98, 99]])
        let decision = try WeightEngine.decide(.momentum(days: 2, threshold: nil), history: history, asOf: 2)
        #expect(
            decision.excluded == [AssetExclusion(symbol: "B", reason: "no close on 2024-03-01 for the 2-day momentum")])
        #expect(throws: EngineError.self) {
            try WeightEngine.decide(.momentum(days: 2, threshold: nil), history: history, asOf: 1)
        }
        let tooShort = try WeightEngine.decide(.equal, history: history, asOf: 1)
        #expect(tooShort.weights == [0.5, 0.5])
        #expect(
            throws: EngineError.noEligibleAssets(
                asOf: history.dates[2],
                exclusions: [
                    AssetExclusion(symbol: "A", reason: "momentum -0.04 below threshold 0.0"),
                    AssetExclusion(symbol: "B", reason: "no close on 2024-03-01 for the 2-day momentum"),
                ])
        ) {
            try WeightEngine.decide(.momentum(days: 2, threshold: 0), history: history, asOf: 2)
        }
    }

    @Test("blend without market-cap facts leaves that sleeve out and renormalises the others, saying so")
    func blendWithoutMarketCaps() throws {
        let history = try Self.history(Self.alternating)
        let parameters = Self.blend(momentum: 0.5, marketCap: 0.2, riskParity: 0.3)
        let decision = try WeightEngine.decide(.blend(parameters), history: history, asOf: 3)
        // Momentum and risk parity share 0.8: applied 0.5/0.8 = 0.625 and 0.3/0.8 = 0.375.
        #expect(decision.sleeves.map(\.sleeve) == [.momentum, .marketCap, .riskParity])
        #expect(decision.sleeves.map(\.configuredWeight) == [0.5, 0.2, 0.3])
        #expect(decision.sleeves.map(\.note) == [nil, "no market-cap facts", nil])
        for (outcome, expected) in zip(decision.sleeves, [0.625, 0, 0.375]) {
            #expect(abs(outcome.appliedWeight - expected) < 1e-15)
        }
        let momentumTotal = Self.momentum.reduce(0, +)  // 0.058564
        for asset in 0..<3 {
            let momentumWeight = Self.momentum[asset] / momentumTotal
            let expected = 0.625 * momentumWeight + 0.375 * Self.inverseVolatility[asset]
            #expect(abs(decision.weights[asset] - expected) < 1e-12)
            let component = decision.components[asset]
            #expect(abs(try #require(component.momentumWeight) - momentumWeight) < 1e-12)
            #expect(abs(try #require(component.riskParityWeight) - Self.inverseVolatility[asset]) < 1e-12)
            #expect(component.marketCapWeight == nil)
        }
        // A: 0.625 · 0.009899/0.058564 + 0.375 · 6/11 = 0.105642… + 0.204545… = 0.310188…
        #expect(abs(decision.weights[0] - 0.310_188) < 1e-6)
    }

    @Test("blend with market caps weights that sleeve by cap; assets without a cap get 0 in it, noted")
    func blendWithMarketCaps() throws {
        let history = try Self.history(Self.alternating)
        let parameters = Self.blend(momentum: 0.5, marketCap: 0.2, riskParity: 0.3)
        let caps = ["A": 300.0, "B": 100, "C": 100, "OTHER": 1_000]
        let decision = try WeightEngine.decide(.blend(parameters), history: history, asOf: 3, marketCaps: caps)
        #expect(decision.sleeves.map(\.appliedWeight) == [0.5, 0.2, 0.3])
        #expect(decision.components.map(\.marketCapWeight) == [0.6, 0.2, 0.2])
        let momentumTotal = Self.momentum.reduce(0, +)
        for asset in 0..<3 {
            let expected =
                0.5 * Self.momentum[asset] / momentumTotal + 0.2 * [0.6, 0.2, 0.2][asset] + 0.3
                * Self.inverseVolatility[asset]
            #expect(abs(decision.weights[asset] - expected) < 1e-12)
        }

        let partial = try WeightEngine.decide(.blend(parameters), history: history, asOf: 3, marketCaps: ["A": 5])
        #expect(partial.sleeves[1].note == "no market-cap facts for B, C: weight 0")
        #expect(partial.components.map(\.marketCapWeight) == [1, 0, 0])
    }

    @Test("a blend whose every configured sleeve is left out is an error naming why")
    func blendWithoutSleeves() throws {
        let history = try Self.history(Self.alternating)
        let parameters = Self.blend(momentum: 0, marketCap: 1, riskParity: 0)
        #expect(
            throws: EngineError.noSleeveAvailable(asOf: history.dates[3], notes: ["market_cap: no market-cap facts"])
        ) {
            try WeightEngine.decide(.blend(parameters), history: history, asOf: 3)
        }
        #expect(
            EngineError.noSleeveAvailable(asOf: history.dates[3], notes: ["market_cap: no market-cap facts"])
                .description
                == "no sleeve of the blend could be computed on 2024-03-06 (market_cap: no market-cap facts)")
        #expect(throws: EngineError.invalidParameters("sleeve weights sum to 1.25, not 1")) {
            try WeightEngine.decide(
                .blend(Self.blend(momentum: 0.5, marketCap: 0.25, riskParity: 0.5)), history: history, asOf: 3)
        }
    }

    @Test("min and max weights clip and redistribute in proportion, and still sum to 1")
    func bounds() throws {
        let history = try Self.history(Self.alternating)
        func bounded(min: Double?, max: Double?) throws -> WeightDecision {
            // Risk parity only: 6/11, 3/11, 2/11 before bounds.
            try WeightEngine.decide(
                .blend(Self.blend(momentum: 0, marketCap: 0, riskParity: 1, min: min, max: max)), history: history,
                asOf: 3)
        }
        // Max 0.4: A is clipped to 0.4; the other 0.6 goes to B and C as 3 : 2 = 0.36, 0.24.
        let capped = try bounded(min: nil, max: 0.4)
        for (weight, expected) in zip(capped.weights, [0.4, 0.36, 0.24]) { #expect(abs(weight - expected) < 1e-12) }
        // Min 0.25 as well: C rises to 0.25, leaving 0.35 for B (still within the bounds).
        let both = try bounded(min: 0.25, max: 0.4)
        for (weight, expected) in zip(both.weights, [0.4, 0.35, 0.25]) { #expect(abs(weight - expected) < 1e-12) }
        #expect(both.notes.isEmpty)
        // Three assets cannot stay under 0.3 or over 0.4 each: equal weights, with a note.
        let tooLow = try bounded(min: nil, max: 0.3)
        let third = 1.0 / 3
        #expect(tooLow.weights == [third, third, third])
        #expect(tooLow.notes == ["max weight 0.3 cannot be met with 3 held assets: equal weights instead"])
        let tooHigh = try bounded(min: 0.4, max: nil)
        #expect(tooHigh.weights == [third, third, third])
        #expect(tooHigh.notes == ["min weight 0.4 cannot be met with 3 held assets: equal weights instead"])
        #expect(throws: EngineError.invalidParameters("min weight 0.5 is above max weight 0.4")) {
            try bounded(min: 0.5, max: 0.4)
        }
    }

    @Test("no look-ahead: changing prices after the decision day changes nothing decided at it")
    func noLookAhead() throws {
        let history = try Self.history(Self.alternating.mapValues { $0 + [120] })
        var changed = Self.alternating.mapValues { $0 + [80] }
        changed["B"] = [100, 102, 99.96, 101.9592, 500]
        let other = try Self.history(changed)
        let parameters = Self.blend(momentum: 0.5, marketCap: 0.2, riskParity: 0.3, min: 0.1, max: 0.9)
        for method in [
            WeightingMethod.blend(parameters), .momentum(days: 3, threshold: 0), .inverseVolatility(lookback: 3),
            .equalRiskContribution(lookback: 3), .equal,
        ] {
            // Two assets, as equal risk contribution over 3 returns needs fewer than 3.
            let before = try WeightEngine.decide(method, history: history, asOf: 3, universe: ["A", "B"])
            let after = try WeightEngine.decide(method, history: other, asOf: 3, universe: ["A", "B"])
            #expect(before == after)
            // The changed close is visible to a decision at the next day's close.
            let later = try WeightEngine.decide(method, history: history, asOf: 4, universe: ["A", "B"]).weights
            let laterChanged = try WeightEngine.decide(method, history: other, asOf: 4, universe: ["A", "B"]).weights
            #expect((later != laterChanged) == (method != .equal))
        }
    }

    private static func blend(
        momentum: Double, marketCap: Double, riskParity: Double, min: Double? = nil, max: Double? = nil
    ) -> StrategyParameters {
        StrategyParameters(
            momentumWeight: momentum, marketCapWeight: marketCap, riskParityWeight: riskParity, momentumDays: 3,
            momentumThreshold: nil, riskParityMethod: .inverseVolatility, volatilityLookback: 3, minWeight: min,
            maxWeight: max)
    }

    /// A history from 2024-03-01 on weekdays, symbols sorted unless `order` is given.
    private static func history(_ columns: [String: [Double?]], order: [String]? = nil) throws -> MarketHistory {
        let symbols = order ?? columns.keys.sorted()
        var history = try MarketHistory(symbols: symbols, rules: .none)
        let dates = ["2024-03-01", "2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"]
        for row in 0..<(columns.values.map(\.count).max() ?? 0) {
            try history.append(
                date: try #require(TradingDate(dates[row])), closes: symbols.map { columns[$0]?[row] ?? nil })
        }
        return history
    }
}
