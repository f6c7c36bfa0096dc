/// Drawdowns of a value path: how far each value is below the highest value reached so far.
///
/// The path includes its base value, so a loss on the first day is a drawdown from the base, as
/// in empyrical's `drawdown_series`, which starts its wealth path at 100.
public enum Drawdown {
    /// The wealth path of a series of returns, beginning with the base value.
    ///
    /// - Parameters:
    ///   - returns: Simple returns.
    ///   - base: The value before the first return.
    /// - Returns: `returns.count + 1` values: `base`, then `base · Π(1 + r)` after each return.
    public static func wealthPath(returns: [Double], base: Double = 1) -> [Double] {
        var path = [base]
        path.reserveCapacity(returns.count + 1)
        for value in returns {
            path.append((path.last ?? base) * (1 + value))
        }
        return path
    }

    /// The drawdown at each point: `value / running maximum − 1`. It is 0 at a new high and
    /// negative below one.
    ///
    /// - Parameter values: A value path with positive values.
    /// - Returns: One drawdown per value.
    public static func series(_ values: [Double]) -> [Double] {
        var peak = -Double.infinity
        return values.map { value in
            peak = max(peak, value)
            return value / peak - 1
        }
    }

    /// The drawdown of the last value from the highest value before it (or at it).
    ///
    /// - Parameter values: A value path with positive values.
    /// - Returns: `last / max − 1`, or `nil` for an empty path.
    public static func current(_ values: [Double]) -> Double? {
        guard let last = values.last, let peak = values.max() else { return nil }
        return last / peak - 1
    }

    /// The deepest drawdown of a dated value path, with its peak, trough and recovery dates.
    ///
    /// The trough is the first date with the lowest drawdown. The peak is the last date at or
    /// before the trough whose value was the running maximum. The recovery is the first date after
    /// the trough whose value is back at or above the peak value. These are pyfolio's rules in
    /// `get_max_drawdown_underwater`.
    ///
    /// - Parameters:
    ///   - dates: `YYYY-MM-DD` dates, one per value.
    ///   - values: The value path with positive values, base value included.
    /// - Returns: The maximum drawdown, or `nil` when the path is empty or the counts differ.
    public static func maximum(dates: [String], values: [Double]) -> MaxDrawdown? {
        guard !values.isEmpty, dates.count == values.count else { return nil }
        var peakIndex = 0
        var deepest = (drawdown: 0.0, peak: 0, trough: 0)
        for index in values.indices {
            if values[index] >= values[peakIndex] {
                peakIndex = index
            }
            let drawdown = values[index] / values[peakIndex] - 1
            if drawdown < deepest.drawdown {
                deepest = (drawdown, peakIndex, index)
            }
        }
        guard deepest.drawdown < 0 else {
            return MaxDrawdown(value: 0, peakDate: nil, troughDate: nil, recoveryDate: nil)
        }
        let peakValue = values[deepest.peak]
        let recovery = values.indices.dropFirst(deepest.trough + 1).first { values[$0] >= peakValue }
        return MaxDrawdown(
            value: deepest.drawdown,
            peakDate: dates[deepest.peak],
            troughDate: dates[deepest.trough],
            recoveryDate: recovery.map { dates[$0] }
        )
    }
}
