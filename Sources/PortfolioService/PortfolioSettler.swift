import AutoIndexDomain
import EventSourcing
import Logging
import ServiceLifecycle

/// The process manager of the paper broker, the index follower and the external brokers: settles
/// every open portfolio at start, then again whenever the log gains a close, a rebalance, a portfolio
/// or an order, by whichever process appended it, and every `brokerPollInterval` when an external
/// broker is configured. Settling is idempotent, so a restart, or two processes settling at once,
/// never places or fills an order twice.
public struct PortfolioSettler: Service {
    public static let triggers: Set<String> = [
        PriceFetched.eventType, PriceCorrected.eventType, AllocationChanged.eventType, PortfolioOpened.eventType,
        OrderPlaced.eventType,
    ]
    let desk: PortfolioDesk
    let brokerPollInterval: Duration?
    let logger: Logger

    /// - Parameter brokerPollInterval: how often to settle with no trigger in the log, so orders at
    ///   an external broker are submitted and read back; nil for none.
    public init(desk: PortfolioDesk, brokerPollInterval: Duration? = nil, logger: Logger) {
        self.desk = desk
        self.brokerPollInterval = brokerPollInterval
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                // One settlement at a time: the log and the clock only ask for one (asks meanwhile
                // fold into the next).
                let (asks, ask) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await followLog(ask) }
                    if let brokerPollInterval {
                        group.addTask {
                            while true {
                                try await Task.sleep(for: brokerPollInterval)
                                ask.yield()
                            }
                        }
                    }
                    group.addTask {
                        for await _ in asks { await settle() }
                    }
                    try await group.waitForAll()
                }
            }
        } catch is CancellationError where Task.isShuttingDownGracefully {
            logger.info("portfolio settler stopped for shutdown")
        }
    }

    private func followLog(_ ask: AsyncStream<Void>.Continuation) async throws {
        let start = try await desk.store.headPosition()
        try await desk.prepare()
        ask.yield()
        var events = desk.store.subscribe(after: start, filter: EventFilter(types: Self.triggers)).makeAsyncIterator()
        while true {
            _ = try await events.nextBatch()
            ask.yield()
        }
    }

    private func settle() async {
        do {
            let summary = try await desk.settle()
            for problem in summary.problems {
                logger.warning(
                    "broker call failed; tried again at the next settlement", metadata: ["problem": "\(problem)"])
            }
            if summary.events > 0 {
                logger.info(
                    "portfolios settled",
                    metadata: [
                        "portfolios": "\(summary.portfolios)", "events": "\(summary.events)",
                        "position": "\(summary.position ?? 0)",
                    ])
            }
        } catch is CancellationError {
            return
        } catch {
            logger.error("portfolio settlement failed; retried at the next close", metadata: ["error": "\(error)"])
        }
    }
}
