import Foundation

/// How the server runs: where it listens and which log it serves.
public struct AppConfiguration: Sendable {
    /// The address to listen on (127.0.0.1 by default).
    public var host: String
    /// The port (8000 by default, or `PORT`).
    public var port: Int
    /// The SQLite file of the log.
    public var databasePath: String
    /// The index the API serves.
    public var indexId: String
    /// Whether a log without market data gets the bundled dataset and a computed index before serving.
    public var importsBundledData: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 8000, databasePath: String, indexId: String = "autoindex",
        importsBundledData: Bool = true
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.indexId = indexId
        self.importsBundledData = importsBundledData
    }
}
