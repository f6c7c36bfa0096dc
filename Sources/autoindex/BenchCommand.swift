import ArgumentParser
import Benchmarks
import EventStorePostgres
import Foundation

/// `autoindex bench …`: measured figures, printed as JSON (never asserted by tests).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and print the figures as JSON.",
        subcommands: [Store.self, Engine.self, Bundled.self, HTTP.self, Log.self]
    )

    struct Store: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmark the event store on a scratch database; prints one JSON object.")

        @Option(help: "Events for the batched append, read, catch-up and rebuild figures.")
        var events: Int = 100_000

        @Option(help: "Where to put the scratch database (deleted afterwards).")
        var directory: String = NSTemporaryDirectory()

        @Flag(help: "Use synchronous=NORMAL instead of FULL (not durable against power loss).")
        var normalSync = false

        @Option(
            help:
                "Measure PostgreSQL instead: postgresql://owner@host/db (a scratch schema is created and dropped; read models go to --directory)."
        )
        var database: String?

        func run() async throws {
            guard events >= 1000 else { throw ValidationError("--events must be at least 1000") }
            var postgres: PostgresLocation?
            if let database {
                guard PostgresLocation.isPostgresURL(database) else {
                    throw ValidationError("--database must be a postgresql:// URL (SQLite runs on a scratch file)")
                }
                do { postgres = try PostgresLocation(url: database) } catch { throw ValidationError("\(error)") }
            }
            let benchmark = StoreBenchmark(
                events: events, directory: directory, durable: !normalSync, postgres: postgres)
            let figures = try await benchmark.run()
            print(figures.json)
        }
    }

    struct HTTP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "http",
            abstract:
                "Serve a scratch demo log (a timed first start) and drive every GET and the simulation with wrk, each beside Hummingbird's own floor; prints one JSON object."
        )

        @Option(help: "Where to put the scratch directory (deleted afterwards).")
        var directory: String = NSTemporaryDirectory()

        @Option(help: "Copy this log instead of a first start from the bundled data.")
        var from: String?

        @Option(help: "Seconds of load per request (and per floor run).")
        var seconds: Int = 8

        @Option(help: "Connections wrk keeps open.")
        var connections: Int = 16

        @Option(help: "The wrk executable.")
        var wrk: String = "wrk"

        @Flag(help: "Only the HTTP figures: leave out the store's and the engine's (bench store, bench engine).")
        var httpOnly = false

        func run() async throws {
            guard seconds >= 1, connections >= 1 else {
                throw ValidationError("--seconds and --connections must be at least 1")
            }
            let benchmark = HTTPBenchmark(
                executable: Bundle.main.executablePath ?? CommandLine.arguments[0],
                directory: directory, source: from, seconds: seconds, connections: connections, wrk: wrk,
                withStore: !httpOnly)
            print(try await benchmark.run())
        }
    }

    struct Engine: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the pure engine: a monthly-blend backtest of the 20 bundled stocks over 1990-2022.")

        func run() async throws {
            print(try await IndexBenchmark.engine().json)
        }
    }

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write a demo log grown with synthetic closes to at least --events events, for bench http --from.")

        @Argument(help: "The new log's path (it must not exist).")
        var path: String

        @Option(help: "At least this many events.")
        var events = 2_000_000

        func run() async throws {
            let count = try await LargeLog.make(at: path, events: events) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            print("\(path): \(count) events")
        }
    }

    struct Bundled: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the bundled dataset into a scratch log, run the index policy, rebuild every projection.")

        @Option(help: "Where to put the scratch database (deleted afterwards).")
        var directory: String = NSTemporaryDirectory()

        func run() async throws {
            print(try await IndexBenchmark.bundled(directory: directory).json)
        }
    }
}
