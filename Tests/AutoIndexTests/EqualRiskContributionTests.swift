import IndexEngine
import Testing

@Suite("Equal risk contribution")
struct EqualRiskContributionTests {
    @Test("a diagonal covariance gives inverse-volatility weights (Maillard, Roncalli & Teiletche 2010, ex. 1)")
    func diagonal() throws {
        // σ = 10 %, 20 %, 30 %, 40 %, uncorrelated: w ∝ 1/σ = 10 : 5 : 10/3 : 2.5, i.e. 48 %, 24 %, 16 %, 12 %.
        let weights = try EqualRiskContribution.weights(
            covariance: Self.covariance(
                volatilities: [0.1, 0.2, 0.3, 0.4], correlations: [:]))
        Self.expect(weights, equal: [0.48, 0.24, 0.16, 0.12], within: 1e-12)
    }

    @Test("two assets get inverse-volatility weights whatever their correlation", arguments: [-0.9, -0.5, 0, 0.5, 0.9])
    func twoAssets(correlation: Double) throws {
        // w₁(σ₁²w₁ + ρσ₁σ₂w₂) = w₂(σ₂²w₂ + ρσ₁σ₂w₁) holds for every ρ exactly when σ₁w₁ = σ₂w₂:
        // σ = 10 %, 30 % gives 0.75, 0.25.
        let weights = try EqualRiskContribution.weights(
            covariance: Self.covariance(
                volatilities: [0.1, 0.3], correlations: [[0, 1]: correlation]))
        Self.expect(weights, equal: [0.75, 0.25], within: 1e-12)
    }

    @Test(
        "the published four-asset example: 38.4 %, 19.2 %, 24.3 %, 18.2 % (Maillard, Roncalli & Teiletche 2010, ex. 2)")
    func publishedExample() throws {
        // σ = 10 %, 20 %, 30 %, 40 %; ρ₁₂ = 0.8, ρ₃₄ = −0.5, all other correlations 0 (JPM 36(4), p. 65).
        // Closed form: within each uncorrelated pair the two-asset rule gives w₂ = w₁/2 and w₄ = ¾·w₃.
        // Then RC₁ = w₁²σ₁²(1 + ρ₁₂) = 0.018·w₁² and RC₃ = w₃²σ₃²(1 + ρ₃₄) = 0.045·w₃², equal when
        // w₃ = w₁/√2.5. So w ∝ (1, ½, 1/√2.5, ¾/√2.5), normalised.
        let weights = try EqualRiskContribution.weights(
            covariance: Self.covariance(
                volatilities: [0.1, 0.2, 0.3, 0.4], correlations: [[0, 1]: 0.8, [2, 3]: -0.5]))
        let root = 2.5.squareRoot()
        let shape = [1, 0.5, 1 / root, 0.75 / root]
        let total = shape.reduce(0, +)
        Self.expect(weights, equal: shape.map { $0 / total }, within: 1e-12)
        #expect(weights.map { ($0 * 1_000).rounded() / 10 } == [38.4, 19.2, 24.3, 18.2])
    }

    @Test("a three-asset case solved by hand in closed form")
    func threeAssetsByHand() throws {
        // σ = 10 %, 20 %, 15 %; ρ₁₂ = 0.5; asset 3 uncorrelated. The pair gives w₂ = w₁/2, and
        // RC₁ = w₁(0.01·w₁ + 0.5·0.1·0.2·w₁/2) = 0.015·w₁² = RC₃ = 0.0225·w₃², so w₃ = w₁·√(2/3).
        // w₁ = 1 / (1 + ½ + √(2/3)) = 0.431686…
        let weights = try EqualRiskContribution.weights(
            covariance: Self.covariance(
                volatilities: [0.1, 0.2, 0.15], correlations: [[0, 1]: 0.5]))
        let first = 1 / (1.5 + (2.0 / 3).squareRoot())
        Self.expect(weights, equal: [first, first / 2, first * (2.0 / 3).squareRoot()], within: 1e-12)
        #expect(abs(weights[0] - 0.431_686_369_940_383_5) < 1e-12)
    }

    @Test("every risk contribution is equal to 1e-12 under a dense correlation matrix")
    func equalContributions() throws {
        let covariance = Self.covariance(
            volatilities: [0.1, 0.15, 0.2, 0.25, 0.3],
            correlations: [
                [0, 1]: 0.3, [0, 2]: 0.5, [0, 3]: -0.2, [0, 4]: 0.1, [1, 2]: 0.4, [1, 3]: 0.2, [1, 4]: -0.1,
                [2, 3]: 0.3, [2, 4]: 0.2, [3, 4]: 0.6,
            ])
        let weights = try EqualRiskContribution.weights(covariance: covariance)
        #expect(abs(weights.reduce(0, +) - 1) < 1e-15)
        #expect(weights.allSatisfy { $0 > 0 })
        Self.expectEqualContributions(weights, covariance)
        // Independently: cyclical coordinate descent (Griveau-Billion, Richard & Roncalli 2013), run with
        // NumPy to convergence, gives these weights.
        let coordinateDescent = [
            0.370_816_665_348_881_3, 0.236_280_124_586_542_02, 0.138_941_364_185_008_4, 0.136_632_865_240_469_94,
            0.117_328_980_639_098_26,
        ]
        Self.expect(weights, equal: coordinateDescent, within: 1e-12)
    }

    @Test("the weight engine equalises contributions under the sample covariance of the lookback returns")
    func engineUsesSampleCovariance() throws {
        let symbols = ["A", "B", "C", "D", "E", "F"]
        var history = try MarketHistory(symbols: symbols, rules: .none)
        var prices = [Double](repeating: 100, count: symbols.count)
        var generator = SplitMix(seed: 7)
        for day in 0..<61 {
            if day > 0 {
                let market = generator.uniform() - 0.5
                for asset in prices.indices {
                    let own = generator.uniform() - 0.5
                    let loading = Double(asset) / 5
                    prices[asset] *= 1 + 0.01 * (loading * market + own) * Double(asset + 1) / 3
                }
            }
            let date = try #require(TradingDate(year: 2023, month: 1 + day / 25, day: 1 + day % 25))
            try history.append(date: date, closes: prices)
        }
        let decision = try WeightEngine.decide(.equalRiskContribution(lookback: 40), history: history, asOf: 60)
        let window = (21...60).map { day in history.returns[day].map { $0 ?? .nan } }
        let covariance = Self.sampleCovariance(window)
        Self.expectEqualContributions(decision.weights, covariance)
        #expect(decision.inputStart == history.dates[20])

        // With two assets the engine's ERC is its inverse volatility.
        let pair = ["A", "F"]
        let erc = try WeightEngine.decide(
            .equalRiskContribution(lookback: 40), history: history, asOf: 60, universe: pair)
        let inverse = try WeightEngine.decide(
            .inverseVolatility(lookback: 40), history: history, asOf: 60, universe: pair)
        Self.expect(erc.weights, equal: inverse.weights, within: 1e-12)

        // Six assets need more than six returns: the sample covariance of N returns has rank N − 1 at most.
        #expect(
            throws: EngineError.invalidParameters(
                "equal risk contribution over 6 daily returns needs fewer than 6 assets; 6 are eligible")
        ) {
            try WeightEngine.decide(.equalRiskContribution(lookback: 6), history: history, asOf: 60)
        }
    }

    @Test("a malformed covariance matrix is refused with the reason")
    func invalidCovariance() {
        #expect(throws: EngineError.invalidCovariance("row 1 has 1 entries, not 2")) {
            try EqualRiskContribution.weights(covariance: [[1, 0], [0]])
        }
        #expect(throws: EngineError.invalidCovariance("variance 1 is 0.0, not positive")) {
            try EqualRiskContribution.weights(covariance: [[1, 0], [0, 0]])
        }
        #expect(throws: EngineError.invalidCovariance("entries (1, 0) and (0, 1) differ")) {
            try EqualRiskContribution.weights(covariance: [[1, 0.5], [0.2, 1]])
        }
        #expect(
            EngineError.invalidCovariance("it is empty").description == "invalid covariance matrix: it is empty")
    }

    private static func covariance(volatilities: [Double], correlations: [[Int]: Double]) -> [[Double]] {
        volatilities.indices.map { row in
            volatilities.indices.map { column in
                let correlation = row == column ? 1 : correlations[[min(row, column), max(row, column)]] ?? 0
                return correlation * volatilities[row] * volatilities[column]
            }
        }
    }

    private static func sampleCovariance(_ rows: [[Double]]) -> [[Double]] {
        let count = Double(rows.count)
        let assets = rows[0].indices
        let means = assets.map { asset in rows.reduce(0.0) { $0 + $1[asset] } / count }
        return assets.map { i in
            assets.map { j in rows.reduce(0.0) { $0 + ($1[i] - means[i]) * ($1[j] - means[j]) } / (count - 1) }
        }
    }

    private static func expectEqualContributions(
        _ weights: [Double], _ covariance: [[Double]], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let contributions = EqualRiskContribution.riskContributions(weights: weights, covariance: covariance)
        let mean = contributions.reduce(0, +) / Double(contributions.count)
        for contribution in contributions {
            #expect(abs(contribution - mean) <= 1e-12 * mean, sourceLocation: sourceLocation)
        }
    }

    private static func expect(
        _ actual: [Double], equal expected: [Double], within tolerance: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (value, target) in zip(actual, expected) {
            #expect(abs(value - target) <= tolerance, "\(value) vs \(target)", sourceLocation: sourceLocation)
        }
    }

    /// A small deterministic generator (SplitMix64) for synthetic returns.
    private struct SplitMix {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }
}
