import Foundation
import Hummingbird
import NIOCore

/// The request context of every AutoIndex route: JSON answers with sorted keys (so the same read
/// model gives the same bytes and the same ETag every time), the caller once authenticated, and the
/// client's address for throttling.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; nil on routes anyone may call.
    public var identity: Identity?
    private let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The client's address, asked of the connection only when needed (login throttling).
    public var remoteAddress: SocketAddress? { channel.remoteAddress }

    /// The caller's id, for throttling: the IP address without the port.
    var clientKey: String { remoteAddress?.ipAddress ?? "unknown" }

    public var responseEncoder: JSONEncoder { Self.encoder }

    /// One encoder for every answer (its configuration never changes; encoding is thread-safe).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
