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
        case EventStoreError.wrongExpectedVersion(let stream, let expected, _):
            let name = StreamName(unchecked: stream)
            if name.category == "user" && expected == .noStream {
                self.init(.conflict, type: "email_taken", detail: "Email already registered")
            } else {
                self = .conflict("the \(Self.subject(of: name)) changed meanwhile; read it again and retry")
            }
        default:
            return nil
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
