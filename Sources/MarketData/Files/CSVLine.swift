/// Splits one line of a simple CSV file (no quoted commas, as price and rate files are).
enum CSVLine {
    /// The comma-separated fields of `line`, trimmed of spaces and a trailing carriage return.
    static func fields(_ line: Substring) -> [Substring] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            var field = field
            while let last = field.last, last == " " || last == "\r" || last == "\t" { field = field.dropLast() }
            while let first = field.first, first == " " || first == "\t" { field = field.dropFirst() }
            return field
        }
    }
}
