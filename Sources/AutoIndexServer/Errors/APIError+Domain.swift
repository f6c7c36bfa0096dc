import AutoIndexDomain
import EventSourcing
import IndexEngine
import MarketData

extension APIError {
    /// The answer to a domain error, the one place where they meet HTTP; nil for any other error.
    init?(domain error: any Error) {
        switch error {
        case let error as AccountError:
            self = .validation(error.description)
        case let error as StrategyConfigError:
            self = .validation(error.description)
        case let error as StrategyConfigVersionConflict:
            self.init(.conflict, type: "version_conflict", detail: error.description)
        case let error as StrategyReplay.Failure:
            self = .validation(error.description)
        case let error as SimulationError:
            self = .validation(error.description)
        case let error as RiskMetrics.InputError:
            self = .validation("cannot measure over this range: \(error)")
        case let error as MarketDataError:
            self.init(.badGateway, type: "upstream_error", detail: "\(error.provider): \(error)")
        case let error as IndexPolicyError:
            self = .conflict("the index cannot be rebalanced under the configuration in force: \(error)")
        case let error as PortfolioError:
            self.init(portfolio: error)
        case EventStoreError.wrongExpectedVersion(let stream, let expected, _):
            let name = StreamName(unchecked: stream)
            if name.category == "user" && expected == .noStream {
                self.init(.conflict, type: "email_taken", detail: "Email already registered")
            } else {
                self = .conflict("the \(Self.subject(of: name)) changed meanwhile; read it again and retry")
            }
        case EventStoreError.unavailable(let reason):
            self.init(
                .serviceUnavailable, type: "database_unavailable",
                detail: "the database is unavailable (\(reason)); retry shortly")
        default:
            return nil
        }
    }

    private init(portfolio error: PortfolioError) {
        let detail = error.description
        switch error {
        case .invalid: self = .validation(detail)
        case .insufficientCash: self.init(.unprocessableContent, type: "insufficient_cash", detail: detail)
        case .portfolioNotFound, .orderNotFound: self = .notFound(detail)
        case .orderNotPending: self.init(.conflict, type: "order_not_pending", detail: detail)
        case .closed: self.init(.conflict, type: "portfolio_closed", detail: detail)
        case .followsIndex: self.init(.conflict, type: "follows_index", detail: detail)
        case .noManualPortfolio: self.init(.conflict, type: "no_portfolio", detail: detail)
        case .noMarketData: self.init(.conflict, type: "no_market_data", detail: detail)
        }
    }

    private static func subject(of stream: StreamName) -> String {
        switch stream.category {
        case "user": "account"
        case "strategy": "configuration"
        default: stream.category
        }
    }
}
