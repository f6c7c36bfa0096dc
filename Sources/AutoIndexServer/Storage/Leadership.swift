import EventStorePostgres
import ServiceLifecycle

/// Runs work on one instance at a time: with several instances on one PostgreSQL log, the one that
/// holds the lease (``PostgresLeaderLease``); a lone instance on SQLite always leads.
public struct Leadership: Sendable {
    private let leadWith: @Sendable (_ body: @escaping @Sendable () async -> Void) async -> Void
    private let leading: @Sendable () -> Bool

    /// A lone instance: it always leads.
    public static let always = Leadership(lead: { await $0() }, isLeading: { true })

    init(
        lead: @escaping @Sendable (_ body: @escaping @Sendable () async -> Void) async -> Void,
        isLeading: @escaping @Sendable () -> Bool
    ) {
        self.leadWith = lead
        self.leading = isLeading
    }

    /// Leadership by `lease`.
    public init(_ lease: PostgresLeaderLease) {
        self.init(lead: { await lease.lead($0) }, isLeading: { lease.isLeading })
    }

    /// Whether this instance leads now.
    public var isLeading: Bool { leading() }

    /// Runs `body` whenever this instance leads, cancelled when it stops leading, until the calling
    /// task is cancelled.
    public func lead(_ body: @escaping @Sendable () async -> Void) async {
        await leadWith(body)
    }
}

/// A service that runs only on the leading instance: started when this instance takes the lease,
/// cancelled when it loses it, and stopped on graceful shutdown.
struct LeaderOnlyService: Service {
    let service: any Service
    let leadership: Leadership

    func run() async {
        let (service, leadership) = (service, leadership)
        await cancelWhenGracefulShutdown {
            await leadership.lead {
                try? await service.run()
            }
        }
    }
}
