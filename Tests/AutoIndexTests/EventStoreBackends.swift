import EventSourcing
import EventStoreSQLite
import Foundation
import Testing

/// The EventStore implementations the conformance suite runs against. A PostgreSQL store joins
/// this list and inherits every test.
enum EventStoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite

    var testDescription: String { rawValue }

    /// A fresh, empty store and a cleanup action.
    func makeStore(clock: WallClock = SteppingClock().wallClock) throws -> (any EventStore, cleanup: () -> Void) {
        switch self {
        case .sqlite:
            let scratch = try ScratchDirectory()
            let store = try SQLiteEventStore(path: scratch.path("log.sqlite"), options: .init(clock: clock))
            return (store, scratch.remove)
        }
    }
}
