import Foundation

/// A command that needs an existing log was given a path that holds none: a missing file (a typo
/// in `--database`, say) or a file that is not an AutoIndex log. Nothing was created or changed.
public struct SQLiteLogUnavailable: Error, CustomStringConvertible, Sendable {
    public var path: String
    /// What is wrong with the file, e.g. "there is no such file".
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        "no AutoIndex log at \(path): \(problem) (serve, import, index update, refresh and migrate create one)"
    }
}
