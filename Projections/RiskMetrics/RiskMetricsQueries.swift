import Foundation
import GRDB
import IndexEngine

/// An index's risk metrics over one period.
public struct RiskMetricsRecord: Codable, Sendable, Hashable {
    /// `all`, `1y`, `3y` or `5y` (252, 756 or 1,260 trailing daily returns).
    public var period: String
    /// The annual risk-free rate of the configuration in force, a decimal.
    public var riskFreeRate: Double
    public var metrics: RiskMetrics

    enum CodingKeys: String, CodingKey {
        case period
        case riskFreeRate = "risk_free_rate"
        case metrics
    }
}

/// Queries of the risk metrics read model.
public struct RiskMetricsQueries: Sendable {
    let database: any DatabaseReader

    public init(database: any DatabaseReader) {
        self.database = database
    }

    /// Every period's metrics of an index, whole history first.
    public func metrics(indexId: String) async throws -> [RiskMetricsRecord] {
        try await database.read { db in
            let decoder = JSONDecoder()
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT period, risk_free_rate, metrics FROM risk_metrics WHERE index_id = ?
                    ORDER BY CASE period WHEN 'all' THEN 0 WHEN '1y' THEN 1 WHEN '3y' THEN 2 ELSE 3 END
                    """, arguments: [indexId]
            ).map { row in
                RiskMetricsRecord(
                    period: row[0], riskFreeRate: row[1],
                    metrics: try decoder.decode(RiskMetrics.self, from: Data((row[2] as String).utf8)))
            }
        }
    }
}
