import AutoIndexDomain
import EventSourcing
import EventStorePostgres
import EventStoreSQLite
import Foundation
import GRDB
import Logging
import MarketData
import Projections

/// Measures the event store on a scratch log (a SQLite file, or a schema in PostgreSQL): appends (batched, single, concurrent), reads with
/// decoding, catch-up through a subscription, and a rebuild of every shipped projection.
public struct StoreBenchmark: Sendable {
    /// Events for the batched append, read, catch-up and rebuild figures.
    public let events: Int
    /// Where the scratch database goes (deleted afterwards).
    public let directory: String
    /// `synchronous=FULL` (durable against power loss) rather than `NORMAL`.
    public let durable: Bool
    /// A PostgreSQL database to measure instead of a SQLite file (the owner's role: the benchmark
    /// creates and drops a schema of its own).
    public let postgres: PostgresLocation?

    public init(events: Int, directory: String, durable: Bool, postgres: PostgresLocation? = nil) {
        self.events = events
        self.directory = directory
        self.durable = durable
        self.postgres = postgres
    }

    /// Named figures, printed as one JSON object with sorted keys.
    public struct Figures: Sendable {
        public var values: [(String, Double)] = []

        public var json: String {
            var out = JSONWriter()
            out.beginObject()
            for (key, value) in values.sorted(by: { $0.0 < $1.0 }) {
                out.key(key)
                out.raw(Array(Self.format(value).utf8))
            }
            out.endObject()
            return out.text
        }

        /// Adds `key`: the figure named `figure` over `reference` (or `reference` over it, `inverse`).
        mutating func share(_ key: String, of figure: String, _ reference: Double, inverse: Bool = false) {
            let value = values.first { $0.0 == figure }?.1 ?? 0
            values.append((key, inverse ? reference / value : value / reference))
        }

        static func format(_ value: Double) -> String {
            if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
            return abs(value) < 100 ? String(format: "%.4f", value) : String(format: "%.1f", value)
        }
    }

    /// Runs every measurement on a fresh scratch log: a SQLite file in `directory`, or with
    /// `postgres` a scratch schema in that database (dropped afterwards).
    public func run() async throws -> Figures {
        if let postgres { return try await run(postgres) }
        let path = (directory as NSString).appendingPathComponent("autoindex-bench-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteEventStore(
            path: path, options: .init(durability: durable ? .full : .normal, upcasters: EventCatalog.upcasters))
        var figures = try await appendsAndReads(store)
        let total = try await store.headPosition()

        // Read and decode every event into its Swift type, straight from SQLite's buffers.
        var decoded = 0
        let read = try await measure {
            var position: Int64 = 0
            while true {
                let (batch, last) = try await store.scan(after: position, limit: 5000) { row in
                    try row.withPayload { reader, version in
                        try EventCatalog.decode(type: row.type, schemaVersion: version, from: &reader)
                    }
                }
                guard last > position else { break }
                decoded += batch.count
                position = last
            }
        }
        figures.values.append(("read_events_per_s", Double(decoded) / read))

        // Rebuild every shipped projection from 0.
        let runner = ProjectionRunner(store: store, database: store.database)
        let rebuild = try await measure { try await runner.rebuildInPlace() }
        figures.values.append(("rebuild_events_per_s", Double(total) / rebuild))

        try await store.database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let size = try Self.fileSize(path) + ((try? Self.fileSize(path + "-wal")) ?? 0)

        // SQLite alone, on the same disk in the same run: the ceiling of the two append shapes.
        let sample = try Self.price(symbol: "AAPL", day: 0)
        let ceiling = try SQLiteCeiling.measure(
            path: path + "-ceiling", durability: durable ? .full : .normal, rows: events, payload: sample.payload,
            metadata: Data(sample.metadata.canonicalJSONBytes))
        figures.values.append(("sqlite_batched_rows_per_s", ceiling.batchedRowsPerSecond))
        figures.values.append(("sqlite_shared_commit_rows_per_s", ceiling.sharedCommitRowsPerSecond))
        figures.share(
            "append_batched_share_of_ceiling", of: "append_batched_events_per_s", ceiling.batchedRowsPerSecond)
        figures.share(
            "append_concurrent_share_of_ceiling", of: "append_concurrent_events_per_s",
            ceiling.sharedCommitRowsPerSecond)
        figures.values.append(("bytes_per_event", Double(size) / Double(total)))
        figures.values.append(("events", Double(total)))
        try await importBundled(into: path + "-import", figures: &figures)
        figures.values.append(("peak_rss_bytes", Double(Self.peakResidentBytes())))
        return figures
    }

    /// The bundled import on a second scratch log (parsing the files, planning, encoding, one atomic
    /// append per file), and its share of the batched appends measured in the same run.
    private func importBundled(into path: String, figures: inout Figures) async throws {
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteEventStore(
            path: path, options: .init(durability: durable ? .full : .normal, upcasters: EventCatalog.upcasters))
        let importing = try await measure { _ = try await MarketDataImporter(store: store).importBundledDataset() }
        let rate = Double(try await store.headPosition()) / importing
        figures.values.append(("import_bundled_events_per_s", rate))
        figures.share("import_share_of_batched", of: "append_batched_events_per_s", rate, inverse: true)
    }

    /// The same figures on PostgreSQL, with PostgreSQL's own ceiling for the three append shapes
    /// and the store's share of each.
    private func run(_ postgres: PostgresLocation) async throws -> Figures {
        let quiet = Logger(label: "autoindex.bench") { _ in SwiftLogNoOpLogHandler() }
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let location = postgres.with(schema: String(schema))
        let store = try await PostgresEventStore.open(
            location, options: .init(upcasters: EventCatalog.upcasters, migrate: true), logger: quiet)
        let readModels = (directory as NSString).appendingPathComponent("autoindex-bench-\(schema).sqlite")
        defer {
            store.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: readModels + suffix) }
        }
        var figures = try await appendsAndReads(store)
        let total = try await store.headPosition()

        // Read and decode every event into its Swift type.
        var decoded = 0
        let read = try await measure {
            try await Self.readAll(store) { batch in
                for event in batch { _ = try EventCatalog.decode(event) }
                decoded += batch.count
            }
        }
        figures.values.append(("read_events_per_s", Double(decoded) / read))

        // Rebuild every shipped projection from 0, into a local read-models file as an instance does.
        let runner = ProjectionRunner(store: store, database: try DatabasePool(path: readModels))
        let rebuild = try await measure { try await runner.rebuildInPlace() }
        figures.values.append(("rebuild_events_per_s", Double(total) / rebuild))
        let size = try await store.databaseBytes()

        let sample = try Self.price(symbol: "AAPL", day: 0)
        let ceiling = try await PostgresCeiling.measure(
            location, rows: events, payload: sample.payload, metadata: Data(sample.metadata.canonicalJSONBytes),
            logger: quiet)
        try await store.dropSchema()
        let ratios = [
            ("append_single_share_of_ceiling", "append_single_events_per_s", ceiling.singleCommitRowsPerSecond),
            ("append_batched_share_of_ceiling", "append_batched_events_per_s", ceiling.batchedRowsPerSecond),
            (
                "append_concurrent_share_of_ceiling", "append_concurrent_events_per_s",
                ceiling.concurrentCommitRowsPerSecond
            ),
        ]
        for (key, figure, bare) in ratios { figures.share(key, of: figure, bare) }
        figures.values.append(("postgres_single_commit_rows_per_s", ceiling.singleCommitRowsPerSecond))
        figures.values.append(("postgres_batched_rows_per_s", ceiling.batchedRowsPerSecond))
        figures.values.append(("postgres_concurrent_commit_rows_per_s", ceiling.concurrentCommitRowsPerSecond))
        figures.values.append(("bytes_per_event", Double(size) / Double(total)))
        figures.values.append(("events", Double(total)))
        figures.values.append(("peak_rss_bytes", Double(Self.peakResidentBytes())))
        return figures
    }

    /// The figures both backends share: batched, single and concurrent appends; whole records read
    /// back; a live subscription catching up from 0.
    private func appendsAndReads(_ store: any EventStore) async throws -> Figures {
        var figures = Figures()
        let symbols = ["AAPL", "AMD", "BAC", "BBY", "CVX", "GE", "HD", "JNJ", "JPM", "KO"]
        // Batched: 1,000 events per call, each call one stream. Events are encoded beforehand:
        // the figure is the store's, not JSONEncoder's.
        let calls = try stride(from: 0, to: events, by: 1000).enumerated().map { call, first in
            let symbol = symbols[call % symbols.count]
            let proposed = try (first..<min(events, first + 1000)).map { try Self.price(symbol: symbol, day: $0) }
            return AppendRequest(stream: try StreamName(category: "asset", id: symbol), events: proposed)
        }
        let batched = try await measure {
            for request in calls { _ = try await store.append(request) }
        }
        figures.values.append(("append_batched_events_per_s", Double(events) / batched))

        // Single: one caller, one event per call, each a durable commit.
        let singles = min(events, 3000)
        let singleRequests = try (0..<singles).map { index in
            AppendRequest(
                stream: try StreamName("asset-SINGLE"), events: [try Self.price(symbol: "SINGLE", day: index)])
        }
        let single = try await measure {
            for request in singleRequests { _ = try await store.append(request) }
        }
        figures.values.append(("append_single_events_per_s", Double(singles) / single))

        // Concurrent: 16 callers, one event per call; group commit shares the fsyncs.
        let callers = 16
        let perCaller = max(1, min(events, 32_000) / callers)
        let callerRequests = try (0..<callers).map { caller in
            let stream = try StreamName("asset-C\(caller)")
            return try (0..<perCaller).map { index in
                AppendRequest(stream: stream, events: [try Self.price(symbol: "C\(caller)", day: index)])
            }
        }
        let concurrent = try await measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for requests in callerRequests {
                    group.addTask {
                        for request in requests { _ = try await store.append(request) }
                    }
                }
                try await group.waitForAll()
            }
        }
        figures.values.append(("append_concurrent_events_per_s", Double(callers * perCaller) / concurrent))

        let total = try await store.headPosition()

        // Read whole records (metadata, time and hash) as subscriptions and projections see them.
        var records = 0
        let recordRead = try await measure {
            try await Self.readAll(store) { records += $0.count }
        }
        figures.values.append(("read_records_per_s", Double(records) / recordRead))

        // Catch up through a live subscription from 0 to the head.
        let catchUp = try await measure {
            var iterator = store.subscribe(after: 0, batchSize: 5000).makeAsyncIterator()
            var seen: Int64 = 0
            while seen < total {
                guard let last = try await iterator.nextBatch().last else { break }
                seen = last.position
            }
        }
        figures.values.append(("catch_up_events_per_s", Double(total) / catchUp))

        return figures
    }

    /// Reads the whole log in pages of 5,000 whole records, handing each page to `page`.
    static func readAll(_ store: any EventStore, _ page: ([RecordedEvent]) throws -> Void) async throws {
        var position: Int64 = 0
        while true {
            let batch = try await store.read(after: position, limit: 5000, filter: .all)
            guard let last = batch.last else { return }
            try page(batch)
            position = last.position
        }
    }

    private func measure(_ body: () async throws -> Void) async throws -> Double {
        try await Self.measure(body)
    }

    /// Seconds `body` takes.
    static func measure(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return max(1e-9, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func price(symbol: String, day: Int) throws -> ProposedEvent {
        let date = UTCTimestamp.format(Date(timeIntervalSince1970: 631_152_000 + Double(day) * 86_400)).prefix(10)
        let event = PriceFetched(
            symbol: symbol, date: String(date), close: "\(100 + day % 97).\(day % 1000)", source: "bench",
            fetchId: "bench")
        return try ProposedEvent(event, metadata: EventMetadata(actor: "system", source: "bench"))
    }

    static func fileSize(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The process's peak resident set size (VmHWM from /proc/self/status), 0 where unavailable.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return (digits.first ?? 0) * 1024
        }
        return 0
    }
}
