import Foundation

/// The two returns of an account with cash flows: time-weighted (the manager's, flows removed) and
/// money-weighted (the investor's, flows counted).
public enum PortfolioReturns {
    /// One close of an account: its value after that day's flow, and the flow (deposits positive,
    /// withdrawals negative) counted at that close.
    public struct Point: Sendable, Hashable {
        public var date: TradingDate
        public var value: Double
        public var flow: Double

        public init(date: TradingDate, value: Double, flow: Double) {
            self.date = date
            self.value = value
            self.flow = flow
        }
    }

    /// The time-weighted return since the first point: the product of each day's
    /// `(value − flow) ÷ previous value`, less 1. Nil for fewer than one point or a day that starts
    /// from a value of zero or less.
    public static func timeWeighted(_ points: [Point]) -> Double? {
        guard let first = points.first else { return nil }
        var growth = 1.0
        var previous = first.value
        for point in points.dropFirst() {
            guard previous > 0 else { return nil }
            growth *= (point.value - point.flow) / previous
            previous = point.value
        }
        return growth - 1
    }

    /// The money-weighted return: the annual rate (actual/365, as a spreadsheet's XIRR) at which the
    /// flows paid in, discounted from their dates, equal the final value. Nil when no rate between
    /// −99.99 % and +10⁶ % solves it (no flow, or flows of one sign only).
    public static func moneyWeighted(_ points: [Point]) -> Double? {
        guard let last = points.last else { return nil }
        var flows = points.filter { $0.flow != 0 }.map { (date: $0.date, amount: -$0.flow) }
        flows.append((last.date, last.value))
        return internalRate(flows)
    }

    /// The rate r with Σ amountᵢ ÷ (1 + r)^(daysᵢ ÷ 365) = 0, days counted from the first flow.
    public static func internalRate(_ flows: [(date: TradingDate, amount: Double)]) -> Double? {
        guard let start = flows.first?.date,
            flows.contains(where: { $0.amount > 0 }), flows.contains(where: { $0.amount < 0 })
        else { return nil }
        let years = flows.map { Double($0.date.dayNumber - start.dayNumber) / 365 }
        func presentValue(_ rate: Double) -> Double {
            zip(flows, years).reduce(0) { $0 + $1.0.amount / pow(1 + rate, $1.1) }
        }
        var low = -0.9999
        var high = 10_000.0
        var lowValue = presentValue(low)
        guard lowValue.sign != presentValue(high).sign else { return nil }
        // Bisection: the present value is monotone in the rate when the flows change sign once, and
        // 200 halvings reach far below a double's precision.
        for _ in 0..<200 {
            let middle = (low + high) / 2
            let value = presentValue(middle)
            if value == 0 { return middle }
            if value.sign == lowValue.sign {
                low = middle
                lowValue = value
            } else {
                high = middle
            }
        }
        return (low + high) / 2
    }
}
