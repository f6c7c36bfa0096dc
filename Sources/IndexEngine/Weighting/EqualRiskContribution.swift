import Foundation

/// Long-only equal-risk-contribution weights (Maillard, Roncalli & Teiletche, "The Properties of Equally
/// Weighted Risk Contribution Portfolios", Journal of Portfolio Management 36(4), 2010): w ≥ 0, Σw = 1
/// and every risk contribution `w_i·(Σw)_i` equal.
///
/// Solved by Newton's method on the strictly convex log-barrier problem
/// `min ½·yᵀΣy − (1/n)·Σ ln y_i` (y > 0), whose optimum satisfies `y_i·(Σy)_i = 1/n` for every i, so
/// `w = y / Σy` is the ERC portfolio (Spinu 2013; Griveau-Billion, Richard & Roncalli 2013). Steps are
/// damped until the Newton decrement is small, then full; iteration stops when the contributions agree
/// to 1e-14 relative, or when rounding stops them improving.
public enum EqualRiskContribution {
    /// Contributions must agree this closely (relative to their mean) for the solver to stop early.
    static let targetSpread = 1e-14
    /// Contributions agreeing less closely than this when rounding stalls the solver are an error.
    static let acceptableSpread = 1e-10

    /// The ERC weights of `covariance`.
    /// - Parameter covariance: a symmetric n × n matrix with finite entries and a positive diagonal.
    /// - Returns: n weights, each positive, summing to 1.
    /// - Throws: `EngineError.invalidCovariance` for a malformed matrix, `EngineError.solverDidNotConverge`
    ///   when the contributions cannot be equalised (a matrix so degenerate that a positive portfolio has
    ///   no risk).
    public static func weights(covariance: [[Double]]) throws(EngineError) -> [Double] {
        let n = covariance.count
        try validate(covariance)
        if n == 1 { return [1] }
        // Scale to a unit average variance so that tolerances mean the same for any units.
        let scale = (0..<n).reduce(0.0) { $0 + covariance[$1][$1] } / Double(n)
        var sigma = [Double](repeating: 0, count: n * n)
        for row in 0..<n {
            for column in 0..<n { sigma[row * n + column] = covariance[row][column] / scale }
        }
        let budget = 1 / Double(n)

        // Start from inverse volatility, scaled so that yᵀΣy = 1 as it is at the optimum.
        var y = (0..<n).map { 1 / sigma[$0 * n + $0].squareRoot() }
        let startVariance = quadraticForm(sigma, y, n)
        y = y.map { $0 / startVariance.squareRoot() }

        var best = y
        var bestSpread = spread(of: contributions(sigma, y, n))
        var stalled = 0
        var iterations = 0
        while bestSpread > targetSpread, iterations < 200, stalled < 4 {
            iterations += 1
            let sy = multiply(sigma, y, n)
            let gradient = (0..<n).map { sy[$0] - budget / y[$0] }
            var hessian = sigma
            for i in 0..<n { hessian[i * n + i] += budget / (y[i] * y[i]) }
            guard let direction = choleskySolve(hessian, gradient.map { -$0 }, n) else {
                throw .solverDidNotConverge("the covariance matrix is numerically singular")
            }
            let slope = zip(gradient, direction).reduce(0.0) { $0 + $1.0 * $1.1 }
            // Newton decrement of n·F, which is self-concordant: below 1/4 a full step is safe.
            let decrement = (Double(n) * max(0, -slope)).squareRoot()
            var step = 1.0
            for i in 0..<n where direction[i] < 0 { step = min(step, 0.99 * -y[i] / direction[i]) }
            if decrement >= 0.25 {
                let start = objective(sigma, y, budget, n)
                while step > 1e-12 {
                    let trial = (0..<n).map { y[$0] + step * direction[$0] }
                    if objective(sigma, trial, budget, n) <= start + 1e-4 * step * slope { break }
                    step /= 2
                }
            }
            y = (0..<n).map { y[$0] + step * direction[$0] }
            let current = spread(of: contributions(sigma, y, n))
            if current < bestSpread {
                best = y
                bestSpread = current
                stalled = 0
            } else if decrement < 0.25 {
                stalled += 1
            }
        }
        guard bestSpread <= acceptableSpread else {
            throw .solverDidNotConverge(
                "risk contributions still differ by \(bestSpread) relative after \(iterations) iterations")
        }
        let total = best.reduce(0, +)
        return best.map { $0 / total }
    }

    /// Each asset's risk contribution `w_i·(Σw)_i`; they sum to the portfolio variance `wᵀΣw`.
    public static func riskContributions(weights: [Double], covariance: [[Double]]) -> [Double] {
        weights.indices.map { row in
            weights[row] * weights.indices.reduce(0.0) { $0 + covariance[row][$1] * weights[$1] }
        }
    }

    private static func validate(_ covariance: [[Double]]) throws(EngineError) {
        let n = covariance.count
        guard n > 0 else { throw .invalidCovariance("it is empty") }
        for (row, values) in covariance.enumerated() {
            guard values.count == n else {
                throw .invalidCovariance("row \(row) has \(values.count) entries, not \(n)")
            }
            guard values.allSatisfy(\.isFinite) else { throw .invalidCovariance("row \(row) is not finite") }
            guard values[row] > 0 else { throw .invalidCovariance("variance \(row) is \(values[row]), not positive") }
        }
        for row in 0..<n {
            for column in 0..<row {
                let difference = abs(covariance[row][column] - covariance[column][row])
                let size = (covariance[row][row] * covariance[column][column]).squareRoot()
                guard difference <= 1e-12 * size else {
                    throw .invalidCovariance("entries (\(row), \(column)) and (\(column), \(row)) differ")
                }
            }
        }
    }

    private static func multiply(_ matrix: [Double], _ vector: [Double], _ n: Int) -> [Double] {
        (0..<n).map { row in (0..<n).reduce(0.0) { $0 + matrix[row * n + $1] * vector[$1] } }
    }

    private static func quadraticForm(_ matrix: [Double], _ vector: [Double], _ n: Int) -> Double {
        zip(vector, multiply(matrix, vector, n)).reduce(0.0) { $0 + $1.0 * $1.1 }
    }

    private static func objective(_ sigma: [Double], _ y: [Double], _ budget: Double, _ n: Int) -> Double {
        guard y.allSatisfy({ $0 > 0 }) else { return .infinity }
        return 0.5 * quadraticForm(sigma, y, n) - budget * y.reduce(0.0) { $0 + log($1) }
    }

    private static func contributions(_ sigma: [Double], _ y: [Double], _ n: Int) -> [Double] {
        zip(y, multiply(sigma, y, n)).map { $0 * $1 }
    }

    /// (max − min) / mean.
    private static func spread(of values: [Double]) -> Double {
        guard let low = values.min(), let high = values.max() else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        guard mean > 0, low > 0 else { return .infinity }
        return (high - low) / mean
    }

    /// Solves `A·x = b` for symmetric positive definite A (row-major), or nil when A is not.
    private static func choleskySolve(_ matrix: [Double], _ rhs: [Double], _ n: Int) -> [Double]? {
        var lower = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var diagonal = matrix[j * n + j]
            for k in 0..<j { diagonal -= lower[j * n + k] * lower[j * n + k] }
            guard diagonal > 0 else { return nil }
            let pivot = diagonal.squareRoot()
            lower[j * n + j] = pivot
            for i in (j + 1)..<n {
                var value = matrix[i * n + j]
                for k in 0..<j { value -= lower[i * n + k] * lower[j * n + k] }
                lower[i * n + j] = value / pivot
            }
        }
        var forward = rhs
        for i in 0..<n {
            for k in 0..<i { forward[i] -= lower[i * n + k] * forward[k] }
            forward[i] /= lower[i * n + i]
        }
        var solution = forward
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { solution[i] -= lower[k * n + i] * solution[k] }
            solution[i] /= lower[i * n + i]
        }
        return solution
    }
}
