import AutoIndexDomain
import EventSourcing

extension PortfolioDesk {
    /// Submits the portfolio's new orders to `broker` and records what it reports of the submitted
    /// ones (``BrokerReconciliation``), in one append. A call that fails in a way a later try may pass
    /// (rate limit, outage, a malformed answer) leaves its order as it was and is named in
    /// `summary.problems`; a refusal (403, 422) rejects the order with the broker's reason.
    func synchronize(_ id: String, with broker: Broker, into summary: inout Settlement) async throws {
        let portfolio = try await portfolio(id, owner: nil)
        var state = portfolio
        var events: [any DomainEvent] = []
        for order in portfolio.pendingOrders {
            let report: BrokerOrderReport
            do {
                if let brokerOrderId = order.brokerOrderId {
                    report = try await broker.order(brokerOrderId)
                } else {
                    report = try await submitted(order, to: broker)
                }
            } catch let error as BrokerError {
                if order.brokerOrderId == nil,
                    let rejection = BrokerReconciliation.rejection(of: order, error: error, in: state)
                {
                    state.apply(rejection)
                    events.append(rejection)
                } else {
                    summary.problems.append("order \(order.id) at \(broker.name.rawValue): \(error)")
                }
                continue
            }
            for event in BrokerReconciliation.events(for: order, report: report, in: state) {
                state.apply(event)
                events.append(event)
            }
        }
        guard !events.isEmpty else { return }
        let plan = try Portfolios.plan(events, on: portfolio)
        do {
            let result = try await store.append(try plan.request(metadata: metadata("system", broker.name.rawValue)))
            summary.count(plan, at: result.lastPosition)
        } catch EventStoreError.wrongExpectedVersion {
            // Another writer got in first; the next settlement reads the broker again.
            summary.problems.append("portfolio \(id) changed while its broker was read; read again next time")
        }
    }

    /// The broker's report of `order` once submitted. A submission refused as invalid may be a repeat
    /// of one whose answer was lost (the order id is the client order id, which the broker keeps
    /// unique): the order is then looked up by it.
    private func submitted(_ order: PortfolioOrder, to broker: Broker) async throws -> BrokerOrderReport {
        do {
            return try await broker.submit(BrokerReconciliation.ticket(for: order))
        } catch let error as BrokerError where error.kind == .invalid {
            guard let earlier = try? await broker.orderByClientId(order.id) else { throw error }
            return earlier
        }
    }
}
