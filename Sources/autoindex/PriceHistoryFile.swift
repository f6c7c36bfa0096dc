import ArgumentParser
import AutoIndexDomain
import Foundation
import IndexEngine
import MarketData

/// A `date,symbol,close` file read for the engine commands, which never touch a log.
enum PriceHistoryFile {
    /// Reads `path` into an uncleaned history: the backtest and weights commands compute on the closes
    /// exactly as given.
    /// - Throws: a validation error naming the file and line of a malformed row.
    static func history(_ path: String) throws -> MarketHistory {
        let text: String
        do {
            text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
        do {
            return try MarketHistory(table: try PriceTable(try PriceFile.parse(text)), rules: .none)
        } catch let error as MarketDataFileError {
            throw ValidationError("\(path) \(error.description)")
        } catch let error as EngineError {
            throw ValidationError("\(path): \(error.description)")
        }
    }

    /// Parses a `YYYY-MM-DD` option.
    static func date(_ text: String, option: String) throws -> TradingDate {
        guard let date = TradingDate(text) else { throw ValidationError("\(option) \(text) is not a date YYYY-MM-DD") }
        return date
    }

    /// Splits `A,B,C` into symbols.
    static func symbols(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Prints a value as pretty JSON with sorted keys.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
