extension RiskMetrics {
    /// Why a series cannot be measured.
    public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Which of the two series an error is about.
        public enum Series: String, Sendable {
            /// The index being measured.
            case portfolio
            /// The benchmark it is compared with.
            case benchmark
        }

        /// The series has a different number of dates and values.
        case lengthMismatch(Series, dates: Int, values: Int)
        /// The index has fewer than two values, so it has no return.
        case tooFewValues(count: Int)
        /// A date is not after the one before it (dates must be strictly increasing `YYYY-MM-DD`).
        case datesNotIncreasing(Series, previous: String, next: String)
        /// A value that is not positive and finite, or a return that is not finite.
        case invalidValue(Series, date: String, value: Double)
        /// Only one of the benchmark's dates and values was given.
        case incompleteBenchmark
        /// The annual risk-free rate is not finite or is −100 % or less.
        case invalidRiskFreeRate(Double)
        /// The values are so far apart that a figure overflows a `Double`.
        case notRepresentable

        /// A sentence for the error body.
        public var description: String {
            switch self {
            case .lengthMismatch(let series, let dates, let values):
                "the \(series.rawValue) series has \(dates) dates but \(values) values"
            case .tooFewValues(let count):
                "risk metrics need at least 2 values, found \(count)"
            case .datesNotIncreasing(let series, let previous, let next):
                "the \(series.rawValue) dates must increase strictly: \(next) follows \(previous)"
            case .invalidValue(let series, let date, let value):
                "the \(series.rawValue) value on \(date) is invalid: \(value)"
            case .incompleteBenchmark:
                "a benchmark needs both dates and values"
            case .invalidRiskFreeRate(let rate):
                "the annual risk-free rate must be finite and above -1, found \(rate)"
            case .notRepresentable:
                "the values are too far apart for the metrics to be represented"
            }
        }
    }
}
