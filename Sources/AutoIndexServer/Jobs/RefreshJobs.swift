import EventSourcing
import Foundation
import Hummingbird
import IndexService
import Logging
import MarketData
import ServiceLifecycle

/// Refresh jobs: a refresh from the market-data provider followed by the index policy, run in the
/// background with an id the caller can poll. One refresh runs at a time; asking again while one
/// runs answers with the running job.
///
/// The job id is the refresh id, so `RefreshStarted`/`RefreshCompleted`/`RefreshFailed` in the log
/// carry it too. Job records are kept in memory (the log keeps the runs themselves).
actor RefreshJobs: Service {
    /// A job as the API shows it.
    struct Job: ResponseCodable, Sendable {
        var jobId: String
        var kind = "refresh"
        var status: String
        var startedAt: String
        var finishedAt: String?
        var startedBy: String
        var result: Result?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case jobId = "job_id"
            case kind, status, result, error
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case startedBy = "started_by"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(jobId, forKey: .jobId)
            try container.encode(kind, forKey: .kind)
            try container.encode(status, forKey: .status)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(finishedAt, forKey: .finishedAt)
            try container.encode(startedBy, forKey: .startedBy)
            try container.encode(result, forKey: .result)
            try container.encode(error, forKey: .error)
        }
    }

    /// What a finished refresh did.
    struct Result: Codable, Sendable {
        var pricesAppended: Int
        var pricesCorrected: Int
        var fxRatesAppended: Int
        var creditsUsed: Int
        var providerErrors: [String]
        var valuedDays: Int
        var rebalances: Int
        var lastValuedDate: String?
        var position: Int64

        enum CodingKeys: String, CodingKey {
            case pricesAppended = "prices_appended"
            case pricesCorrected = "prices_corrected"
            case fxRatesAppended = "fx_rates_appended"
            case creditsUsed = "credits_used"
            case providerErrors = "provider_errors"
            case valuedDays = "valued_days"
            case rebalances
            case lastValuedDate = "last_valued_date"
            case position
        }
    }

    let store: any EventStore
    let client: MarketDataClient?
    let desk: IndexDesk
    let clock: WallClock
    let logger: Logger
    /// How often the scheduler refreshes (nil: never on its own).
    let interval: Duration?
    /// Which instance schedules: with several, only the leader does (jobs asked for run anywhere).
    let leadership: Leadership
    private var jobs: [String: Job] = [:]
    /// The job running or about to run.
    private var running: String?
    /// Jobs started, for ``run()`` to execute one after the other.
    private let queue: AsyncStream<(id: String, actor: String)>
    private let enqueue: AsyncStream<(id: String, actor: String)>.Continuation

    init(
        store: any EventStore, client: MarketDataClient?, desk: IndexDesk, interval: Duration?, clock: WallClock,
        leadership: Leadership = .always, logger: Logger
    ) {
        self.leadership = leadership
        self.store = store
        self.client = client
        self.desk = desk
        self.interval = interval
        self.clock = clock
        self.logger = logger
        (queue, enqueue) = AsyncStream.makeStream()
    }

    /// Starts a refresh, or returns the one running. The job runs inside ``run()``, the service.
    /// - Throws: `APIError` 503 when no provider is configured.
    func start(by actor: String) throws -> Job {
        guard client != nil else {
            throw APIError.marketDataUnavailable
        }
        if let running, let job = jobs[running] { return job }
        let id = UUIDText.format(UUID())
        let job = Job(jobId: id, status: "running", startedAt: UTCTimestamp.format(clock.now()), startedBy: actor)
        jobs[id] = job
        running = id
        logger.info("refresh job started", metadata: ["job_id": "\(id)", "started_by": "\(actor)"])
        enqueue.yield((id, actor))
        return job
    }

    /// The job with this id, if this process started it.
    func job(_ id: String) -> Job? { jobs[id] }

    /// Runs one started job to its end and records how it ended.
    private nonisolated func execute(_ id: String, by actor: String) async {
        guard let client else { return }
        do {
            let outcome = try await MarketDataRefresh(store: store, client: client, actor: actor).run(refreshId: id)
            let summary = try await desk.update(actor: actor)
            await finish(
                id,
                result: Result(
                    pricesAppended: outcome.summary.pricesAppended, pricesCorrected: outcome.summary.pricesCorrected,
                    fxRatesAppended: outcome.summary.fxRatesAppended, creditsUsed: outcome.creditsUsed,
                    providerErrors: outcome.errors, valuedDays: summary.valuedDays, rebalances: summary.rebalances,
                    lastValuedDate: summary.lastValuedDate,
                    position: max(outcome.summary.lastPosition, summary.lastPosition ?? 0)),
                error: nil)
        } catch {
            await finish(id, result: nil, error: "\(error)")
        }
    }

    private func finish(_ id: String, result: Result?, error: String?) {
        jobs[id]?.status = error == nil ? "completed" : "failed"
        jobs[id]?.finishedAt = UTCTimestamp.format(clock.now())
        jobs[id]?.result = result
        jobs[id]?.error = error
        if running == id { running = nil }
        if let error {
            logger.error("refresh job failed", metadata: ["job_id": "\(id)", "error": "\(error)"])
        } else {
            logger.info("refresh job completed", metadata: ["job_id": "\(id)"])
        }
    }

    /// The service: runs started jobs one at a time and, every `interval` when a provider is
    /// configured, starts one itself. On graceful shutdown it stops scheduling and lets a running
    /// job finish (its appends are atomic either way); nothing outlives it.
    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await (id, actor) in self.queue { await self.execute(id, by: actor) }
            }
            if let interval, client != nil {
                logger.info("scheduled refresh on", metadata: ["every_seconds": "\(interval.components.seconds)"])
                group.addTask {
                    await cancelWhenGracefulShutdown {
                        await self.leadership.lead {
                            while (try? await Task.sleep(for: interval)) != nil {
                                _ = try? await self.start(by: "scheduler")
                            }
                        }
                    }
                }
            }
            try? await gracefulShutdown()
            enqueue.finish()
        }
    }
}
