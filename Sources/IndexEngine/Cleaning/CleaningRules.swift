/// How raw closes become the closes and returns the engine uses. Every rule looks only at the day
/// itself and earlier days, so a history built day by day never changes a number once appended.
///
/// - `minPrice`: a close below it counts as missing (closes that are not finite and positive
///   always do).
/// - `maxForwardFillDays`: a missing close takes the previous close for at most this many trading
///   days in a row; after that the asset has no close until a real one arrives.
/// - `minDailyReturn`, `maxDailyReturn`: each close-to-close return is capped into this range.
/// - `outlierStdThreshold` (k, 0 disables): when the asset has at least `outlierMinObservations`
///   cleaned returns in the `outlierWindow` trading days before the day, and the day's capped return r
///   lies more than k sample standard deviations from their mean, r is clipped to mean ± k·std.
public struct CleaningRules: Sendable, Hashable {
    /// Closes below it count as missing.
    public let minPrice: Double
    /// Trading days in a row a missing close may take the previous close.
    public let maxForwardFillDays: Int
    /// The lowest daily return kept (at most 0).
    public let minDailyReturn: Double
    /// The highest daily return kept (at least 0).
    public let maxDailyReturn: Double
    /// k in mean ± k·std; 0 disables outlier clipping.
    public let outlierStdThreshold: Double
    /// Trading days before the day whose returns judge it (default 252).
    public let outlierWindow: Int
    /// Returns the window must hold before it judges (default 20).
    public let outlierMinObservations: Int

    /// Rules that clean nothing: no minimum price, no forward fill, no caps, no outlier handling.
    /// For trusted files such as the bundled dataset.
    public static let none = CleaningRules(
        checkedMinPrice: 0, maxForwardFillDays: 0, minDailyReturn: -.infinity, maxDailyReturn: .infinity,
        outlierStdThreshold: 0, outlierWindow: 252, outlierMinObservations: 20)

    /// Validated rules.
    /// - Throws: `EngineError.invalidRules` when a value is out of range: a negative or NaN minimum price
    ///   or threshold, a negative forward fill, caps that do not hold 0, or an outlier window shorter
    ///   than its minimum of observations (which must be at least 2).
    public init(
        minPrice: Double = 0, maxForwardFillDays: Int = 0, minDailyReturn: Double = -.infinity,
        maxDailyReturn: Double = .infinity, outlierStdThreshold: Double = 0, outlierWindow: Int = 252,
        outlierMinObservations: Int = 20
    ) throws(EngineError) {
        guard minPrice >= 0, minPrice.isFinite else {
            throw .invalidRules("min price \(minPrice) must be a finite number at least 0")
        }
        guard maxForwardFillDays >= 0 else {
            throw .invalidRules("max forward fill days \(maxForwardFillDays) must be at least 0")
        }
        guard minDailyReturn <= 0, maxDailyReturn >= 0 else {
            throw .invalidRules(
                "daily return caps [\(minDailyReturn), \(maxDailyReturn)] must hold 0 (min ≤ 0 ≤ max)")
        }
        guard outlierStdThreshold >= 0, outlierStdThreshold.isFinite else {
            throw .invalidRules("outlier threshold \(outlierStdThreshold) must be a finite number at least 0")
        }
        guard outlierMinObservations >= 2, outlierWindow >= outlierMinObservations else {
            throw .invalidRules(
                "outlier window \(outlierWindow) must hold at least the minimum of observations "
                    + "\(outlierMinObservations), itself at least 2")
        }
        self.init(
            checkedMinPrice: minPrice, maxForwardFillDays: maxForwardFillDays, minDailyReturn: minDailyReturn,
            maxDailyReturn: maxDailyReturn, outlierStdThreshold: outlierStdThreshold, outlierWindow: outlierWindow,
            outlierMinObservations: outlierMinObservations)
    }

    private init(
        checkedMinPrice minPrice: Double, maxForwardFillDays: Int, minDailyReturn: Double, maxDailyReturn: Double,
        outlierStdThreshold: Double, outlierWindow: Int, outlierMinObservations: Int
    ) {
        self.minPrice = minPrice
        self.maxForwardFillDays = maxForwardFillDays
        self.minDailyReturn = minDailyReturn
        self.maxDailyReturn = maxDailyReturn
        self.outlierStdThreshold = outlierStdThreshold
        self.outlierWindow = outlierWindow
        self.outlierMinObservations = outlierMinObservations
    }

    /// Whether outlier clipping is on.
    var clipsOutliers: Bool { outlierStdThreshold > 0 }
}
