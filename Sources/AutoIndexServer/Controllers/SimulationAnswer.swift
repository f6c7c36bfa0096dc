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
        var json = JSONWriter(capacity: result.points.count * 150 + result.cashFlows.count * 160 + 512)
        json.beginObject()
        json.key("start_date")
        json.string(result.startDate)
        json.key("end_date")
        json.string(result.endDate)
        json.key("start_value")
        json.double(market.levels[days.lowerBound])
        json.key("end_value")
        json.double(market.levels[days.upperBound - 1])
        json.key("amount_initial")
        json.double(amount)
        json.key("amount_final")
        json.double(result.finalValue)
        json.key("roi_pct")
        json.double(result.simpleReturn * 100)
        json.key("currency")
        json.string(result.currency)
        json.key("series")
        json.beginArray()
        json.raw(market.seriesJSON(days))
        json.endArray()
        json.key("total_invested")
        json.double(result.totalInvested)
        json.key("profit")
        json.double(result.profit)
        json.key("simple_return")
        json.double(result.simpleReturn)
        json.key("index_return")
        json.double(result.indexReturn)

        // The invested sum and the rate change seldom, so their text is reused until they do.
        json.key("points")
        json.beginArray()
        var invested = Self.Number()
        var rate = Self.Number()
        for (offset, point) in result.points.enumerated() {
            let day = market.dayJSON(at: days.lowerBound + offset)
            json.beginObject()
            json.key("date")
            json.raw(day.date)
            json.key("value")
            json.double(point.value)
            json.key("invested")
            json.raw(invested.text(point.invested))
            json.key("index_value")
            json.raw(day.level)
            json.key("fx_rate")
            json.raw(rate.text(point.fxRate))
            json.endObject()
        }
        json.endArray()

        json.key("cash_flows")
        json.beginArray()
        for flow in result.cashFlows {
            json.beginObject()
            json.key("date")
            json.string(flow.date)
            json.key("amount")
            json.double(flow.amount)
            json.key("fx_rate")
            json.double(flow.fxRate)
            json.key("usd_amount")
            json.double(flow.usdAmount)
            json.key("index_value")
            json.double(flow.indexValue)
            json.key("units")
            json.double(flow.units)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.utf8
    }

    /// A number's JSON text, kept while the number stays the same.
    private struct Number {
        private var value = Double.nan
        private var bytes: [UInt8] = []

        mutating func text(_ number: Double) -> [UInt8] {
            if number != value || bytes.isEmpty {
                value = number
                bytes.removeAll(keepingCapacity: true)
                JSONWriter.appendDouble(number, to: &bytes)
            }
            return bytes
        }
    }
}
