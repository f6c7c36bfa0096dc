import Foundation
import Hummingbird

/// The request context of every AutoIndex route: JSON answers with sorted keys, so the same read model
/// gives the same bytes (and the same ETag) every time.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
