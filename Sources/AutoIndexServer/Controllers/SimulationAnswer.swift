import EventSourcing
import IndexEngine

/// The answer of `POST /api/v1/index/simulate` as JSON: the original's fields (`roi_pct` in percent,
/// `series` of index levels) and the full result. Written straight to bytes, the index days from the
/// text ``SimulationInputs/Snapshot`` keeps for them, since a ten-year simulation answers some 5,000
/// numbers and a generic encoder spent most of the request on them. Keys in this order:
/// `start_date`, `end_date`, `start_value`, `end_value`, `amount_initial`, `amount_final`, `roi_pct`,
/// `currency`, `series`, `total_invested`, `profit`, `simple_return`, `index_return`, `points`
/// (`date`, `value`, `invested`, `index_value`, `fx_rate`) and `cash_flows` (`date`, `amount`,
/// `fx_rate`, `usd_amount`, `index_value`, `units`).
struct SimulationAnswer {
    let market: SimulationInputs.Snapshot
    /// The amount invested at the start, as asked.
    let amount: Double
    let result: SimulationResult

    var json: [UInt8] {
        let first = market.position(of: result.startDate)
        let days = first..<first + result.points.count
        var out = Bytes(capacity: result.points.count * 150 + result.cashFlows.count * 160 + 512)
        out.field("{\"start_date\":", string: result.startDate)
        out.field(",\"end_date\":", string: result.endDate)
        out.field(",\"start_value\":", number: market.levels[days.lowerBound])
        out.field(",\"end_value\":", number: market.levels[days.upperBound - 1])
        out.field(",\"amount_initial\":", number: amount)
        out.field(",\"amount_final\":", number: result.finalValue)
        out.field(",\"roi_pct\":", number: result.simpleReturn * 100)
        out.field(",\"currency\":", string: result.currency)
        out.append(",\"series\":[")
        out.bytes.append(contentsOf: market.seriesJSON(days))
        out.append("]")
        out.field(",\"total_invested\":", number: result.totalInvested)
        out.field(",\"profit\":", number: result.profit)
        out.field(",\"simple_return\":", number: result.simpleReturn)
        out.field(",\"index_return\":", number: result.indexReturn)

        // The invested sum and the rate change seldom, so their text is reused until they do.
        out.append(",\"points\":[")
        var invested = Number()
        var rate = Number()
        market.series.withUnsafeBufferPointer { series in
            for (offset, point) in result.points.enumerated() {
                let day = market.dayRanges(at: days.lowerBound + offset)
                out.append(offset == 0 ? "{\"date\":" : ",{\"date\":")
                out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: series[day.date]))
                out.field(",\"value\":", number: point.value)
                out.append(",\"invested\":")
                invested.write(point.invested, to: &out.bytes)
                out.append(",\"index_value\":")
                out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: series[day.level]))
                out.append(",\"fx_rate\":")
                rate.write(point.fxRate, to: &out.bytes)
                out.append("}")
            }
        }
        out.append("],\"cash_flows\":[")
        for (offset, flow) in result.cashFlows.enumerated() {
            out.field(offset == 0 ? "{\"date\":" : ",{\"date\":", string: flow.date)
            out.field(",\"amount\":", number: flow.amount)
            out.field(",\"fx_rate\":", number: flow.fxRate)
            out.field(",\"usd_amount\":", number: flow.usdAmount)
            out.field(",\"index_value\":", number: flow.indexValue)
            out.field(",\"units\":", number: flow.units)
            out.append("}")
        }
        out.append("]}")
        return out.bytes
    }

    /// The answer's bytes, with the few ways they are written.
    private struct Bytes {
        var bytes: [UInt8] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        /// Appends literal JSON text (keys and punctuation).
        mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        mutating func field(_ key: StaticString, string: String) {
            append(key)
            JSONWriter.appendString(string, to: &bytes)
        }

        mutating func field(_ key: StaticString, number: Double) {
            append(key)
            JSONWriter.appendDouble(number, to: &bytes)
        }
    }

    /// A number's JSON text, kept while the number stays the same.
    private struct Number {
        private var value = Double.nan
        private var text: [UInt8] = []

        mutating func write(_ number: Double, to bytes: inout [UInt8]) {
            if number != value || text.isEmpty {
                value = number
                text.removeAll(keepingCapacity: true)
                JSONWriter.appendDouble(number, to: &text)
            }
            text.withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
        }
    }
}
