import EventSourcing
import Foundation
import GRDB
import Logging

/// Rebuilds every read model from the log into a scratch database and compares it, table by table and
/// row by row, with the live one: the proof that the read models are exactly what the log says.
public struct ReplayVerification: Sendable {
    public let projectors: [any Projector]
    public let store: any EventStore
    public let live: any DatabaseWriter

    public init(projectors: [any Projector], store: any EventStore, live: any DatabaseWriter) {
        self.projectors = projectors
        self.store = store
        self.live = live
    }

    /// The first place where the live read models and the replayed ones differ.
    public struct Difference: Sendable, Hashable, Codable {
        public var table: String
        /// The row (0-based, in the order of all columns) where they part, when both have rows there.
        public var row: Int?
        public var column: String?
        public var live: String?
        public var replayed: String?
        public var detail: String
    }

    /// What the comparison found.
    public struct Report: Sendable, Hashable, Codable {
        /// The log position both were caught up to.
        public var position: Int64
        public var tables: Int
        public var rows: Int
        public var firstDifference: Difference?

        enum CodingKeys: String, CodingKey {
            case position, tables, rows
            case firstDifference = "first_difference"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(position, forKey: .position)
            try container.encode(tables, forKey: .tables)
            try container.encode(rows, forKey: .rows)
            try container.encode(firstDifference, forKey: .firstDifference)
        }
    }

    /// Catches the live read models up, replays every one from position 0 into `scratchPath`, and
    /// compares them.
    /// - Throws: store and database errors.
    public func run(scratchPath: String) async throws -> Report {
        let liveRunner = ProjectionRunner(projectors: projectors, store: store, database: live)
        try await liveRunner.prepare()
        try await liveRunner.catchUp()
        let scratch = try DatabaseQueue(path: scratchPath)
        var quiet = Logger(label: "autoindex.replay")
        quiet.logLevel = .warning
        let replay = ProjectionRunner(projectors: projectors, store: store, database: scratch, logger: quiet)
        try await replay.prepare()
        try await replay.catchUp()

        var report = Report(position: 0, tables: 0, rows: 0, firstDifference: nil)
        for projector in projectors {
            let ours = try await liveRunner.checkpoint(projector.name)
            let theirs = try await replay.checkpoint(projector.name)
            report.position = max(report.position, theirs)
            guard ours == theirs else {
                report.firstDifference = Difference(
                    table: projector.name, row: nil, column: nil, live: String(ours), replayed: String(theirs),
                    detail: "the log grew during the check (checkpoints \(ours) and \(theirs)); run it again")
                return report
            }
        }
        for table in projectors.flatMap(\.tables) {
            report.tables += 1
            let (rows, difference) = try Self.compare(table, live, scratch)
            report.rows += rows
            if let difference {
                report.firstDifference = difference
                return report
            }
        }
        return report
    }

    /// Compares one table of two databases, rows in the order of all their columns.
    /// - Returns: the rows compared, and the first difference if any.
    public static func compare(_ table: String, _ live: any DatabaseReader, _ replayed: any DatabaseReader) throws
        -> (Int, Difference?)
    {
        try live.read { liveDB in
            try replayed.read { scratchDB in
                let columns = try liveDB.columns(in: table).map(\.name)
                let replayedColumns = try scratchDB.columns(in: table).map(\.name)
                guard columns == replayedColumns else {
                    return (
                        0,
                        Difference(
                            table: table, row: nil, column: nil, live: columns.joined(separator: ","),
                            replayed: replayedColumns.joined(separator: ","), detail: "the columns differ")
                    )
                }
                let order = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
                let sql = "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY \(order)"
                let ours = try Row.fetchCursor(liveDB, sql: sql)
                let theirs = try Row.fetchCursor(scratchDB, sql: sql)
                var index = 0
                while true {
                    let left = try ours.next()
                    let right = try theirs.next()
                    switch (left, right) {
                    case (nil, nil):
                        return (index, nil)
                    case (let left?, nil):
                        return (
                            index,
                            Difference(
                                table: table, row: index, column: nil, live: left.description, replayed: nil,
                                detail: "the live table has more rows")
                        )
                    case (nil, let right?):
                        return (
                            index,
                            Difference(
                                table: table, row: index, column: nil, live: nil, replayed: right.description,
                                detail: "the replayed table has more rows")
                        )
                    case (let left?, let right?):
                        for (offset, column) in columns.enumerated()
                        where left[offset] as DatabaseValue != right[offset] as DatabaseValue {
                            let ours: DatabaseValue = left[offset]
                            let theirs: DatabaseValue = right[offset]
                            return (
                                index,
                                Difference(
                                    table: table, row: index, column: column, live: ours.description,
                                    replayed: theirs.description, detail: "a value differs")
                            )
                        }
                    }
                    index += 1
                }
            }
        }
    }
}
