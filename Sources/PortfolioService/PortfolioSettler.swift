import AutoIndexDomain
import EventSourcing
import Logging
import ServiceLifecycle

/// The process manager of the paper broker and the index follower: settles every paper portfolio at
/// start, then again whenever the log gains a close, a rebalance, a portfolio or an order, by whichever
/// process appended it. Settling is idempotent, so a restart, or two processes settling at once,
/// never places or fills an order twice.
public struct PortfolioSettler: Service {
    public static let triggers: Set<String> = [
        PriceFetched.eventType, PriceCorrected.eventType, AllocationChanged.eventType, PortfolioOpened.eventType,
        OrderPlaced.eventType,
    ]
    let desk: PortfolioDesk
    let logger: Logger

    public init(desk: PortfolioDesk, logger: Logger) {
        self.desk = desk
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                let start = try await desk.store.headPosition()
                await settle()
                var events = desk.store.subscribe(after: start, filter: EventFilter(types: Self.triggers))
                    .makeAsyncIterator()
                while true {
                    _ = try await events.nextBatch()
                    await settle()
                }
            }
        } catch is CancellationError where Task.isShuttingDownGracefully {
            logger.info("portfolio settler stopped for shutdown")
        }
    }

    private func settle() async {
        do {
            let summary = try await desk.settle()
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
