import EventSourcing
import IndexEngine
import Projections
import Synchronization

/// What every simulation reads, taken from the read models once per change of them instead of once
/// per request: the index history checked for the engine, its days already written as the JSON of the
/// answer's `series`, and an FX converter per currency asked for.
final class SimulationInputs: Sendable {
    /// The inputs at one version of the read models.
    final class Snapshot: Sendable {
        /// The validator of the read models they were read from (``ReadModels/etag(reading:)``).
        let etag: String
        let index: SimulationIndex
        /// The index dates `YYYY-MM-DD`, ascending.
        let dates: [String]
        /// The index values, one per date.
        let levels: [Double]
        /// Each day's `{"date":"…","value":…}` followed by a comma, back to back.
        let series: [UInt8]
        /// Where each day's entry starts in `series`; one more, for the end.
        let seriesStarts: [Int]
        private let converters = Mutex<[String: FxConverter]>([:])

        init(etag: String, values: [IndexValueRecord]) throws {
            self.etag = etag
            index = try SimulationIndex(values.map { ($0.date, $0.value) })
            dates = values.map(\.date)
            levels = values.map(\.value)
            var series: [UInt8] = []
            var starts: [Int] = []
            series.reserveCapacity(values.count * 40)
            starts.reserveCapacity(values.count + 1)
            for value in values {
                starts.append(series.count)
                series.append(contentsOf: #"{"date":"#.utf8)
                JSONWriter.appendString(value.date, to: &series)
                series.append(contentsOf: #","value":"#.utf8)
                JSONWriter.appendDouble(value.value, to: &series)
                series.append(contentsOf: "},".utf8)
            }
            starts.append(series.count)
            self.series = series
            self.seriesStarts = starts
        }

        /// Where day `position`'s `"YYYY-MM-DD"` (quoted) and its value lie in `series`, as JSON text: its
        /// entry is `{"date":"YYYY-MM-DD","value":…},`, and every date is ten characters (the index checked
        /// them).
        func dayRanges(at position: Int) -> (date: Range<Int>, level: Range<Int>) {
            let dateStart = seriesStarts[position] + Self.dateOffset
            let levelStart = dateStart + Self.levelOffset
            return (dateStart..<dateStart + 12, levelStart..<seriesStarts[position + 1] - 2)
        }

        private static let dateOffset = #"{"date":"#.utf8.count
        private static let levelOffset = 12 + #","value":"#.utf8.count

        /// The `series` entries of days `range`, comma-separated.
        func seriesJSON(_ range: Range<Int>) -> ArraySlice<UInt8> {
            range.isEmpty ? [] : series[seriesStarts[range.lowerBound]..<seriesStarts[range.upperBound] - 1]
        }

        /// The position of `date` among the index dates, or of the first later one.
        func position(of date: String) -> Int {
            var low = 0
            var high = dates.count
            while low < high {
                let middle = (low + high) / 2
                if dates[middle] < date { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// The converter for `currency` (upper case), read from `fx` the first time it is asked for.
        func converter(for currency: String, from fx: FxRateQueries) async throws -> FxConverter {
            if let known = converters.withLock({ $0[currency] }) { return known }
            var rates: [String: [(date: String, rate: Double)]] = [:]
            for code in Set(["USD", currency]) where code != "EUR" {
                let series = try await fx.rates(currency: code)
                if !series.isEmpty { rates[code] = series }
            }
            let converter = try FxConverter(ratesPerEuro: rates)
            // A bounded set: the codes the FX read model knows, and the unknown ones a caller tried.
            converters.withLock { converters in
                if converters.count >= 64 { converters.removeAll() }
                converters[currency] = converter
            }
            return converter
        }
    }

    private let current = Mutex<Snapshot?>(nil)
    let indexId: String
    let history: IndexHistoryQueries
    let fx: FxRateQueries

    init(indexId: String, history: IndexHistoryQueries, fx: FxRateQueries) {
        self.indexId = indexId
        self.history = history
        self.fx = fx
    }

    /// The read models the inputs come from.
    static let reads = ["index_history", "fx_rates"]

    /// The inputs at `etag`, read again when the read models moved since the last read.
    /// - Returns: nil when there is no index history yet.
    func snapshot(at etag: String) async throws -> Snapshot? {
        if let snapshot = current.withLock({ $0 }), snapshot.etag == etag { return snapshot }
        let values = try await history.values(indexId: indexId)
        guard !values.isEmpty else { return nil }
        let snapshot = try Snapshot(etag: etag, values: values)
        current.withLock { $0 = snapshot }
        return snapshot
    }
}
