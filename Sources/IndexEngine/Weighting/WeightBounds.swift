/// Per-asset minimum and maximum weights applied by clipping and redistributing.
///
/// The result is the fixed point of iterative clip-and-redistribute, found exactly: the weights
/// `clamp(c·w_i, min, max)` for the one scale c at which they sum to 1, so clipped mass goes to the
/// unclipped assets in proportion to their weights. Only held assets (weight > 0) are bounded; an asset
/// the strategy gives nothing stays at 0. When the bounds cannot be met by the number n of held assets
/// (n·min > 1 or n·max < 1) the weights are equal, 1/n: the fully invested allocation closest to them.
enum WeightBounds {
    static func apply(_ weights: [Double], min lower: Double?, max upper: Double?) -> (
        weights: [Double], note: String?
    ) {
        guard lower != nil || upper != nil else { return (weights, nil) }
        let held = weights.indices.filter { weights[$0] > 0 }
        let low = lower ?? 0
        let high = upper ?? 1
        let count = Double(held.count)
        var result = weights
        if count * low > 1 + 1e-12 || count * high < 1 - 1e-12 {
            for index in held { result[index] = 1 / count }
            let bound = count * low > 1 + 1e-12 ? "min weight \(low)" : "max weight \(high)"
            return (result, "\(bound) cannot be met with \(held.count) held assets: equal weights instead")
        }
        let base = held.map { weights[$0] }
        func total(_ scale: Double) -> Double {
            base.reduce(0.0) { $0 + min(max(scale * $1, low), high) }
        }
        let breakpoints = Set(base.flatMap { [low / $0, high / $0] }).sorted()
        var previous = 0.0
        var scale = breakpoints.last ?? 1
        for breakpoint in breakpoints {
            guard total(breakpoint) >= 1 else {
                previous = breakpoint
                continue
            }
            // Between the breakpoints each asset is either clipped or free, so the total is linear.
            let middle = (previous + breakpoint) / 2
            var fixed = 0.0
            var free = 0.0
            for weight in base {
                if middle * weight <= low {
                    fixed += low
                } else if middle * weight >= high {
                    fixed += high
                } else {
                    free += weight
                }
            }
            scale = free > 0 ? (1 - fixed) / free : breakpoint
            break
        }
        let bounded = base.map { min(max(scale * $0, low), high) }
        let sum = bounded.reduce(0, +)
        for (position, index) in held.enumerated() { result[index] = bounded[position] / sum }
        return (result, nil)
    }
}
