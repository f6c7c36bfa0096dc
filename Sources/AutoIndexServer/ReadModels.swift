import EventSourcing
import GRDB
import Hummingbird
import Projections

/// Read-your-writes: a query naming `min_position` waits, bounded, until the read models it reads
/// have applied that log position.
struct ReadModels: Sendable {
    let runner: ProjectionRunner
    let store: any EventStore
    let database: any DatabaseReader
    var timeout: Duration = .seconds(5)

    /// The live read models.
    var live: ReadView { ReadView(database: database, asOf: nil) }

    /// The log position an `as_of` value names: a position, or a timestamp (the last position
    /// recorded by then; a date means the end of that day, UTC).
    /// - Throws: `APIError` 422 for a value that is neither, or a position beyond the log's last one.
    func position(asOf text: String) async throws -> Int64 {
        if let position = Int64(text) {
            guard position >= 0 else { throw APIError.validation("as_of: \(position) is not a log position") }
            let head = try await store.headPosition()
            guard position <= head else {
                throw APIError.validation("as_of: \(position) is beyond the log's last position \(head)")
            }
            return position
        }
        guard let timestamp = UTCTimestamp.normalize(text) else {
            throw APIError.validation(
                "as_of: \"\(text)\" is neither a log position nor a timestamp (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)")
        }
        return try await store.lastPosition(recordedThrough: timestamp)
    }

    /// The read models `projectors` as the log at `position` made them.
    func view(at position: Int64, reading projectors: [String]) async throws -> ReadView {
        let chosen = runner.projectors.filter { projectors.contains($0.name) }
        return ReadView(
            database: try await PointInTime.snapshot(of: chosen, from: store, through: position), asOf: position)
    }

    /// Waits until each of `projectors` has reached the request's `min_position`, if it names one.
    /// - Throws: `APIError` 422 for a malformed value, 503 `not_caught_up` after the timeout.
    func wait(for request: Request, reading projectors: [String]) async throws {
        guard let text = request.uri.queryParameters["min_position"] else { return }
        guard let position = Int64(String(text)), position >= 0 else {
            throw APIError.validation("min_position: \"\(text)\" is not a whole number of at least 0")
        }
        let head = try await store.headPosition()
        guard position <= head else {
            throw APIError.validation("min_position: \(position) is beyond the log's last position \(head)")
        }
        for projector in projectors { try await wait(projector, reaches: position) }
    }

    /// A strong validator of answers computed from `projectors`: their checkpoints, read before the
    /// answer is, so an answer is never tagged newer than the data it holds, and how often each was
    /// rebuilt (a rebuilt read model may differ at the same checkpoint).
    func etag(reading projectors: [String]) async throws -> String {
        var parts: [String] = []
        for projector in projectors {
            let checkpoint = String(try await runner.checkpoint(projector))
            let rebuilds = runner.checkpoints.rebuildCount(of: projector)
            parts.append(rebuilds == 0 ? checkpoint : checkpoint + "r\(rebuilds)")
        }
        return "\"" + parts.joined(separator: "-") + "\""
    }

    /// Waits until `projector` has applied everything appended so far.
    func waitForHead(_ projector: String) async throws {
        try await wait(projector, reaches: try await store.headPosition())
    }

    /// Waits until `projector` has applied `position`, at most `limit` (the configured timeout by
    /// default).
    /// - Throws: `APIError` 503 `not_caught_up` after the timeout.
    func wait(_ projector: String, reaches position: Int64, within limit: Duration? = nil) async throws {
        guard try await runner.waitUntil(projector, reaches: position, timeout: limit ?? timeout) else {
            throw APIError(
                .serviceUnavailable, type: "not_caught_up",
                detail: "the \(projector) read model has not reached position \(position) yet; retry shortly")
        }
    }
}
