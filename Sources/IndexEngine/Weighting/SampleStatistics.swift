/// Sample moments with n − 1 in the denominator.
enum SampleStatistics {
    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    static func standardDeviation(_ values: [Double]) -> Double {
        let average = mean(values)
        let squares = values.reduce(0.0) { $0 + ($1 - average) * ($1 - average) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// The sample covariance matrix of equally long series.
    static func covariance(_ series: [[Double]]) -> [[Double]] {
        let means = series.map(mean)
        let deviations = series.indices.map { asset in series[asset].map { $0 - means[asset] } }
        let count = Double(series.first?.count ?? 0)
        var matrix = Array(repeating: [Double](repeating: 0, count: series.count), count: series.count)
        for row in series.indices {
            for column in 0...row {
                let products = zip(deviations[row], deviations[column]).reduce(0.0) { $0 + $1.0 * $1.1 }
                matrix[row][column] = products / (count - 1)
                matrix[column][row] = matrix[row][column]
            }
        }
        return matrix
    }

    /// Trading days a year, for annualising daily volatility.
    static let periodsPerYear = 252.0
}
