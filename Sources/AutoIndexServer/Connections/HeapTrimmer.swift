import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Gives the memory a storm of connections leaves behind back to the system.
///
/// Each connection's buffers are allocated on its event loop's thread, and glibc keeps what such
/// threads free in their own arenas instead of returning it: after 10,000 idle connections came and
/// went, the server stayed 100 MB larger. Every few seconds this service looks at the busiest moment
/// since its last look; when many connections have closed since, it asks glibc to release its free
/// pages (`malloc_trim`). A server with clients is also trimmed every 30 s; a quiet one is left
/// alone. On other C libraries it does nothing.
struct HeapTrimmer: Service {
    let connections: OpenConnections
    var interval: Duration = .seconds(5)
    /// How many connections must have closed since the busiest moment for a trim.
    var closedAtLeast = 256

    /// How often a busy server is trimmed anyway: answers, read-model queries and the read models'
    /// batches free memory on many threads, and glibc keeps it in their arenas.
    var everyWhileServing: Duration = .seconds(30)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var sinceTrim = Duration.zero
            while true {
                try await Task.sleep(for: interval)
                sinceTrim += interval
                let peak = connections.takePeak()
                if peak - connections.current >= closedAtLeast || (sinceTrim >= everyWhileServing && peak > 0) {
                    Self.trim()
                    sinceTrim = .zero
                }
            }
        }
    }

    /// Holds glibc to two allocation arenas (its default is eight per core), so memory one thread
    /// frees is reused by the others instead of sitting in an arena of its own: the read models'
    /// queries run on many threads. Call it before the threads start.
    static func limitArenas(to count: Int32 = 2) {
        #if canImport(Glibc)
            typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
            // M_ARENA_MAX in <malloc.h>.
            _ = unsafeBitCast(symbol, to: MallOpt.self)(-8, count)
        #endif
    }

    /// Returns free heap pages to the system, where the C library can.
    static func trim() {
        #if canImport(Glibc)
            // glibc's malloc_trim, looked up at run time: Swift's Glibc module leaves out <malloc.h>.
            typealias MallocTrim = @convention(c) (Int) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
