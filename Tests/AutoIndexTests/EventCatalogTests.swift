import AutoIndexDomain
import EventSourcing
import Foundation
import Testing

@Suite("Event catalog and schemas")
struct EventCatalogTests {
    static var schemaFiles: [URL] {
        (try? FileManager.default.contentsOfDirectory(at: PackagePaths.eventSchemas, includingPropertiesForKeys: nil))?
            .filter { $0.lastPathComponent.hasSuffix(".schema.json") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent } ?? []
    }

    @Test("the catalog and EventSchemas/ list the same (type, version) pairs")
    func catalogMatchesSchemaFolder() throws {
        let catalog = Set(EventCatalog.registry.schemaNames.map { "\($0).schema.json" })
        let folder = Set(Self.schemaFiles.map(\.lastPathComponent))
        #expect(catalog.count == 24)
        #expect(
            folder.subtracting(catalog).isEmpty,
            "schema files without a registered type: \(folder.subtracting(catalog))")
        #expect(
            catalog.subtracting(folder).isEmpty,
            "registered types without a schema file: \(catalog.subtracting(folder))")
    }

    @Test("every registered type has its own name, a valid stream category, and a schema naming that stream")
    func registrationsAreWellFormed() throws {
        let names = EventCatalog.registry.typeNames
        #expect(Set(names).count == names.count, "a type name is registered twice: \(names)")
        for type in EventCatalog.types {
            #expect(StreamName.isValidCategory(type.streamCategory), "\(type.eventType): \(type.streamCategory)")
            let file = PackagePaths.eventSchemas.appendingPathComponent(
                "\(type.eventType).v\(type.schemaVersion).schema.json")
            let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            let description = try #require(
                schema["description"] as? String, "\(file.lastPathComponent) has no description")
            #expect(
                description.contains("`\(type.streamCategory)-"),
                "\(file.lastPathComponent) should name its stream `\(type.streamCategory)-…`: \(description)")
        }
    }

    @Test("a plan may append an event only to a stream of its registered category")
    func plannedEventsStayInTheirCategory() throws {
        let price = PriceFetched(symbol: "AAPL", date: "2020-01-02", close: "1.5", source: "csv", fetchId: "f")
        let plan = { (stream: String) in
            PlannedAppend([
                .init(stream: StreamName(unchecked: stream), expectedVersion: .any, events: [PlannedEvent(price)])
            ])
        }
        #expect(try plan("asset-AAPL").request(metadata: EventMetadata(actor: "system")).streams.count == 1)
        #expect(throws: EventStoreError.invalidAppend("PriceFetched is appended to asset-… streams, not user-1")) {
            try plan("user-1").request(metadata: EventMetadata(actor: "system"))
        }
    }

    @Test("every schema example decodes into its Swift type and re-encodes to the same JSON")
    func examplesDecode() throws {
        var checked = 0
        for file in Self.schemaFiles {
            let schema = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            let name = file.lastPathComponent.replacingOccurrences(of: ".schema.json", with: "")
            let parts = name.split(separator: ".")
            let type = try #require(EventCatalog.type(named: String(parts[0])), "no catalog type for \(name)")
            #expect("v\(type.schemaVersion)" == parts[1])
            #expect(schema["additionalProperties"] as? Bool == false)
            let examples = try #require(schema["examples"] as? [Any], "\(name) has no examples")
            #expect(!examples.isEmpty)
            for example in examples {
                let payload = try JSONSerialization.data(withJSONObject: example, options: [.sortedKeys])
                let recorded = record(type: type.eventType, version: type.schemaVersion, payload: payload)
                let decoded = try EventCatalog.decode(recorded)
                let reencoded = try JSONSerialization.jsonObject(with: CanonicalJSON.encode(decoded))
                #expect(
                    NSDictionary(dictionary: reencoded as? [String: Any] ?? [:]).isEqual(
                        to: example as? [String: Any] ?? [:]),
                    "\(name): \(String(decoding: payload, as: UTF8.self))")
                checked += 1
            }
        }
        #expect(checked >= 13)
    }

    @Test("events written flat give JSONEncoder's canonical bytes, escapes and non-ASCII text included")
    func flatEventsMatchJSONEncoder() throws {
        let awkward = ["a\"b", "back\\slash", "a/b", "é€😀", "\u{2028}", "\u{7F}", "tab\there", "line\nend", ""]
        var events: [any DomainEvent] = SampleEvents.all.filter { $0 is any FlatStringEvent }
        #expect(events.count == 2)
        for text in awkward {
            events.append(PriceFetched(symbol: text, date: "2020-01-02", close: "1.5", source: text, fetchId: text))
            events.append(
                FxRateFetched(
                    currency: "USD", baseCurrency: text, date: text, rate: "1.1", source: "ecb", fetchId: text))
        }
        for event in events {
            let flat = try ProposedEvent(event, metadata: EventMetadata(actor: "system")).payload
            #expect(flat == (try CanonicalJSON.encode(event)), "\(String(decoding: flat, as: UTF8.self))")
        }
        #expect(CanonicalJSON.flatObject([("a", "x\ny")]) == nil)
        #expect(CanonicalJSON.flatObject([("a", "x\"y"), ("b", "z")]) == Data(#"{"a":"x\"y","b":"z"}"#.utf8))
    }

    @Test("every catalog type has a Swift sample; samples round-trip and are dumped for schema validation")
    func samplesRoundTripAndDump() throws {
        let samples = SampleEvents.all
        let sampled = Set(samples.map { type(of: $0).eventType })
        #expect(sampled == Set(EventCatalog.types.map { $0.eventType }))

        var lines: [String] = []
        for sample in samples {
            let eventType = type(of: sample)
            let payload = try CanonicalJSON.encode(sample)
            let decoded = try EventCatalog.decode(
                record(type: eventType.eventType, version: eventType.schemaVersion, payload: payload))
            #expect(AnyHashable(decoded) == AnyHashable(sample))
            let value = try JSONReader.read(payload) { reader in
                try EventCatalog.decode(
                    type: eventType.eventType, schemaVersion: eventType.schemaVersion, from: &reader)
            }
            #expect(AnyHashable(value) == AnyHashable(sample))
            // Canonical: top-level keys sorted.
            var keys: [String] = []
            try JSONReader.read(payload) { reader in
                try reader.readObject { key, reader in
                    keys.append(key)
                    try reader.skipValue()
                }
            }
            #expect(keys == keys.sorted(), "\(eventType.eventType) keys \(keys)")
            lines.append(
                #"{"payload":\#(String(decoding: payload, as: UTF8.self)),"schema_version":\#(eventType.schemaVersion),"type":"\#(eventType.eventType)"}"#
            )
        }
        try FileManager.default.createDirectory(at: PackagePaths.payloadDump, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(
            to: PackagePaths.payloadDump.appendingPathComponent("catalog-samples.ndjson"), atomically: true,
            encoding: .utf8)
    }

    @Test("the catalog's decoder refuses unknown types and other versions")
    func catalogDecoderRefuses() throws {
        let payload = Data(#"{"close":"1.5","date":"2020-01-02","fetch_id":"f","source":"csv","symbol":"AAPL"}"#.utf8)
        #expect(throws: EventStoreError.unexpectedEventType(expected: "a catalog event", found: "Unknown v1")) {
            try EventCatalog.decode(record(type: "Unknown", version: 1, payload: payload))
        }
        #expect(throws: EventStoreError.unexpectedEventType(expected: "PriceFetched v1", found: "PriceFetched v2")) {
            try EventCatalog.decode(record(type: "PriceFetched", version: 2, payload: payload))
        }
        #expect(
            try EventCatalog.decode(record(type: "PriceFetched", version: 1, payload: payload)) as? PriceFetched
                == PriceFetched(symbol: "AAPL", date: "2020-01-02", close: "1.5", source: "csv", fetchId: "f"))
    }

    @Test("a payload missing a required field fails with the field's name")
    func missingFieldIsNamed() throws {
        let recorded = record(
            type: "PriceFetched", version: 1,
            payload: Data(#"{"close":"1.5","date":"2020-01-02","source":"csv","symbol":"AAPL"}"#.utf8))
        #expect(throws: EventStoreError.corruptRecord("PriceFetched v1 lacks \"fetch_id\"")) {
            try recorded.decode(PriceFetched.self)
        }
        #expect(throws: EventStoreError.unexpectedEventType(expected: "AssetListed v1", found: "PriceFetched v1")) {
            try recorded.decode(AssetListed.self)
        }
    }

    private func record(type: String, version: Int, payload: Data) -> RecordedEvent {
        RecordedEvent(
            position: 1, stream: StreamName(unchecked: "test-1"), version: 1, type: type, schemaVersion: version,
            payload: payload, metadata: EventMetadata(actor: "system"), recordedAt: "2024-01-01T00:00:00.000000Z",
            hash: String(repeating: "0", count: 64))
    }
}
