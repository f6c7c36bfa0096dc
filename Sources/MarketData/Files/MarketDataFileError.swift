/// A row of an imported file that cannot be used, named by its line number (1 is the header).
public struct MarketDataFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number in the file.
    public var line: Int
    /// What is wrong with it.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
