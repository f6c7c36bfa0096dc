import AutoIndexDomain
import EventSourcing
import EventStoreSQLite
import Foundation
import Testing

@Suite("Fast scan read path")
struct ScanTests {
    @Test("scan decodes catalog events from SQLite's buffers, in position order, honouring filters")
    func scanDecodes() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.sqlite"))
        let prices = [
            ("AAPL", "2022-12-27", "130.03"), ("MSFT", "2022-12-27", "236.96"), ("AAPL", "2022-12-28", "126.04"),
        ]
        for (symbol, date, close) in prices {
            let event = PriceFetched(symbol: symbol, date: date, close: close, source: "csv", fetchId: "f1")
            _ = try await store.append(
                AppendRequest(
                    stream: try StreamName(category: "asset", id: symbol),
                    events: [try ProposedEvent(event, metadata: EventMetadata(actor: "system"))]))
        }
        _ = try await store.append(AppendRequest(stream: TestEvents.stream("other-1"), events: [TestEvents.event(1)]))

        let (all, last) = try await store.scan(after: 0, limit: 10, filter: EventFilter(types: ["PriceFetched"])) {
            row in
            (row.position, row.stream.rawValue, row.version, try row.decode(PriceFetched.self))
        }
        #expect(last == 3)
        #expect(all.map(\.0) == [1, 2, 3])
        #expect(all.map(\.1) == ["asset-AAPL", "asset-MSFT", "asset-AAPL"])
        #expect(all.map(\.2) == [1, 1, 2])
        #expect(all.map { [$0.3.symbol, $0.3.date, $0.3.close] } == prices.map { [$0.0, $0.1, $0.2] })

        let (page, pageLast) = try await store.scan(after: 1, limit: 1) { row in row.type }
        #expect(page == ["PriceFetched"])
        #expect(pageLast == 2)
        let (none, noneLast) = try await store.scan(after: 4, limit: 10) { row in row.position }
        #expect(none.isEmpty)
        #expect(noneLast == 4)

        await #expect(throws: EventStoreError.unexpectedEventType(expected: "AssetListed v1", found: "PriceFetched v1"))
        {
            _ = try await store.scan(after: 0, limit: 1) { row in try row.decode(AssetListed.self) }
        }
    }

    @Test("scan upcasts older schema versions like read does")
    func scanUpcasts() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.path("log.sqlite")
        try await TestEvents.appendTemperatureV1(to: path)
        var upcasters = Upcasters()
        upcasters.register("TemperatureMeasured", from: 1) { _ in Data(#"{"celsius":100}"#.utf8) }
        let store = try SQLiteEventStore(path: path, options: .init(upcasters: upcasters))
        let (values, _) = try await store.scan(after: 0, limit: 1) { row in
            try row.withPayload { reader, version -> (Int, Int) in
                var celsius = -1
                var object = try reader.beginObject()
                while let key = try reader.nextKey(&object) {
                    switch key {
                    case "celsius": celsius = try reader.readInt()
                    default: try reader.skipValue()
                    }
                }
                return (version, celsius)
            }
        }
        #expect(values.first?.0 == 2)
        #expect(values.first?.1 == 100)
    }
}
