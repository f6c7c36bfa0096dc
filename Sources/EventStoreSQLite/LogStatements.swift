import EventSourcing
import Foundation
import GRDB
import GRDBSQLite

/// The append path's statements (insert, version check, savepoints), bound and stepped through
/// SQLite's C API.
///
/// GRDB's argument arrays box every value and convert it twice; on the append path that cost as
/// much as SQLite's own insert.
enum LogStatements {
    /// SQLite copies bound text before `bind` returns (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Inserts the row described by `fields` and `hash` with the statement
    /// `INSERT INTO events (position, stream, version, type, schema_version, payload, metadata, recorded_at, hash)`.
    /// - Throws: a `DatabaseError` when SQLite refuses the row (a constraint, a trigger, I/O).
    static func insertEvent(_ insert: Statement, fields: HashChain.Fields, hash: String, db: Database) throws {
        let raw = insert.sqliteStatement
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
        sqlite3_bind_int64(raw, 1, fields.position)
        bind(fields.stream, at: 2, raw)
        sqlite3_bind_int64(raw, 3, fields.version)
        bind(fields.type, at: 4, raw)
        sqlite3_bind_int64(raw, 5, Int64(fields.schemaVersion))
        bind(fields.payload, at: 6, raw)
        bind(fields.metadata, at: 7, raw)
        bind(fields.recordedAt, at: 8, raw)
        bind(hash, at: 9, raw)
        let code = sqlite3_step(raw)
        let failure = code == SQLITE_DONE ? nil : stepError(code, db: db, sql: insert.sql)
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
        if let failure { throw failure }
    }

    /// The current version of `stream` (0 when it has no events), with the statement
    /// `SELECT MAX(version) FROM events WHERE stream = ?`.
    static func currentVersion(_ query: Statement, stream: String, db: Database) throws -> Int64 {
        let raw = query.sqliteStatement
        sqlite3_reset(raw)
        bind(stream, at: 1, raw)
        let code = sqlite3_step(raw)
        let version = code == SQLITE_ROW ? sqlite3_column_int64(raw, 0) : 0
        let failure = code == SQLITE_ROW ? nil : stepError(code, db: db, sql: query.sql)
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
        if let failure { throw failure }
        return version
    }

    /// Steps a statement without arguments (savepoint management) through the C API.
    static func run(_ statement: Statement, db: Database) throws {
        let raw = statement.sqliteStatement
        sqlite3_reset(raw)
        let code = sqlite3_step(raw)
        let failure = code == SQLITE_DONE ? nil : stepError(code, db: db, sql: statement.sql)
        sqlite3_reset(raw)
        if let failure { throw failure }
    }

    /// The error of a failed `sqlite3_step`, with SQLite's message; read it before the reset.
    static func stepError(_ code: Int32, db: Database, sql: String) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    private static func bind(_ bytes: Data, at index: Int32, _ statement: SQLiteStatement) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else {
                _ = sqlite3_bind_text(statement, index, "", 0, transient)
                return
            }
            _ = sqlite3_bind_text(
                statement, index, base.assumingMemoryBound(to: CChar.self), Int32(raw.count), transient)
        }
    }

    private static func bind(_ text: String, at index: Int32, _ statement: SQLiteStatement) {
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else {
                // An empty buffer may have no address; bind a zero-length string, never NULL.
                _ = sqlite3_bind_text(statement, index, "", 0, transient)
                return
            }
            let pointer = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            _ = sqlite3_bind_text(statement, index, pointer, Int32(utf8.count), transient)
        }
    }
}
