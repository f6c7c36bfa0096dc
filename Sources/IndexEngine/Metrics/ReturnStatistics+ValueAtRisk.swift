import Foundation

extension ReturnStatistics {
    /// Historical value at risk (empyrical's `value_at_risk`): the `cutoff` quantile of the returns,
    /// linearly interpolated as numpy's default `np.percentile` does.
    ///
    /// With the returns sorted ascending as `s`, `h = (n − 1) · cutoff`, the result is
    /// `s[⌊h⌋] + (h − ⌊h⌋) · (s[⌊h⌋ + 1] − s[⌊h⌋])`. A loss comes out negative.
    ///
    /// - Parameters:
    ///   - returns: Simple returns.
    ///   - cutoff: The quantile, between 0 and 1; 0.05 for a 95 % VaR.
    /// - Returns: The VaR, or `nil` when there are no returns or `cutoff` is outside 0…1.
    public static func valueAtRisk(_ returns: [Double], cutoff: Double = 0.05) -> Double? {
        guard !returns.isEmpty, (0...1).contains(cutoff) else { return nil }
        let sorted = returns.sorted()
        let position = Double(sorted.count - 1) * cutoff
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        return finite(interpolate(sorted[lower], sorted[upper], fraction: position - Double(lower)))
    }

    /// Historical conditional value at risk, or expected shortfall (empyrical's
    /// `conditional_value_at_risk`).
    ///
    /// It is the mean of the lowest returns, up to and including sorted index `⌊(n − 1) · cutoff⌋`.
    /// That is empyrical's rule. It can differ from "the mean of the returns at or below the VaR"
    /// when returns tie.
    ///
    /// - Parameters:
    ///   - returns: Simple returns.
    ///   - cutoff: The quantile, between 0 and 1; 0.05 for a 95 % CVaR.
    /// - Returns: The CVaR (a loss is negative), or `nil` when there are no returns or `cutoff` is
    ///   outside 0…1.
    public static func conditionalValueAtRisk(_ returns: [Double], cutoff: Double = 0.05) -> Double? {
        guard !returns.isEmpty, (0...1).contains(cutoff) else { return nil }
        let cutoffIndex = Int((Double(returns.count - 1) * cutoff).rounded(.down))
        return finite(mean(Array(returns.sorted()[...cutoffIndex])))
    }

    /// numpy's `_lerp`: it computes from the nearer end, so a fraction of 1 returns `upper` exactly.
    private static func interpolate(_ lower: Double, _ upper: Double, fraction: Double) -> Double {
        let difference = upper - lower
        return fraction >= 0.5 ? upper - difference * (1 - fraction) : lower + difference * fraction
    }
}
