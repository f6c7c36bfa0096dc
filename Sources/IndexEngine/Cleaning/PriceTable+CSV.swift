extension PriceTable {
    /// Reads the text of a `date,symbol,close` file: that header, then one row a line. Lines may end in
    /// `\n` or `\r\n`; blank lines are ignored.
    /// - Throws: `EngineError.invalidCSV` naming the first bad line, or `EngineError.duplicatePrice`.
    public init(csv text: String) throws(EngineError) {
        var text = text
        // One pass over the bytes: as Characters, "\r\n" is a single grapheme, and splitting into
        // arrays of substrings costs more than reading the file.
        let parsed = text.withUTF8 { bytes in CSVRows.read(bytes) }
        switch parsed {
        case .success(let rows): try self.init(rows: rows)
        case .failure(let error): throw error
        }
    }
}

/// The rows of a `date,symbol,close` text.
private enum CSVRows {
    typealias Row = (date: TradingDate, symbol: String, close: Double)

    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[Row], EngineError> {
        var rows: [Row] = []
        var sawHeader = false
        var lineNumber = 0
        var lineStart = 0
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = lineEnd + 1
            if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            defer { lineStart = next }
            if lineEnd == lineStart { continue }
            let line = bytes[lineStart..<lineEnd]
            guard sawHeader else {
                guard String(decoding: line, as: UTF8.self) == "date,symbol,close" else {
                    return .failure(.invalidCSV(line: lineNumber, reason: "expected the header date,symbol,close"))
                }
                sawHeader = true
                continue
            }
            switch row(line) {
            case .success(let row): rows.append(row)
            case .failure(let reason): return .failure(.invalidCSV(line: lineNumber, reason: reason.text))
            }
        }
        guard sawHeader else {
            return .failure(.invalidCSV(line: 1, reason: "expected the header date,symbol,close"))
        }
        return .success(rows)
    }

    private struct Reason: Error {
        let text: String
    }

    private static func row(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Result<Row, Reason> {
        var commas: (Int, Int) = (-1, -1)
        var count = 0
        for index in line.indices where line[index] == UInt8(ascii: ",") {
            if count == 0 { commas.0 = index } else if count == 1 { commas.1 = index }
            count += 1
        }
        guard count == 2 else { return .failure(Reason(text: "expected 3 fields, found \(count + 1)")) }
        let dateField = line[line.startIndex..<commas.0]
        let symbolField = line[(commas.0 + 1)..<commas.1]
        let closeText = String(decoding: line[(commas.1 + 1)...], as: UTF8.self)
        guard let date = TradingDate(utf8: dateField) else {
            return .failure(Reason(text: "invalid date \"\(String(decoding: dateField, as: UTF8.self))\""))
        }
        guard !symbolField.isEmpty else { return .failure(Reason(text: "empty symbol")) }
        guard let close = Double(closeText), close.isFinite else {
            return .failure(Reason(text: "invalid close \"\(closeText)\""))
        }
        return .success((date, String(decoding: symbolField, as: UTF8.self), close))
    }
}
