import Foundation

extension TwelveDataConfiguration {
    /// `text` with every occurrence of the API key replaced, for messages that reach errors and logs.
    func redactingKey(_ text: String) -> String {
        guard !apiKey.isEmpty else { return text }
        return text.replacingOccurrences(of: apiKey, with: "[redacted]")
    }
}
