// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "AutoIndex",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "autoindex", targets: ["autoindex"]),
        .library(name: "EventSourcing", targets: ["EventSourcing"]),
        .library(name: "IndexEngine", targets: ["IndexEngine"]),
        .library(name: "AutoIndexDomain", targets: ["AutoIndexDomain"]),
        .library(name: "EventStoreSQLite", targets: ["EventStoreSQLite"]),
        .library(name: "EventStorePostgres", targets: ["EventStorePostgres"]),
        .library(name: "MarketData", targets: ["MarketData"]),
        .library(name: "IndexService", targets: ["IndexService"]),
        .library(name: "PortfolioService", targets: ["PortfolioService"]),
        .library(name: "AlpacaBroker", targets: ["AlpacaBroker"]),
        .library(name: "Projections", targets: ["Projections"]),
        .library(name: "AutoIndexServer", targets: ["AutoIndexServer"]),
        .library(name: "Benchmarks", targets: ["Benchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // Pure: envelopes, stream names, expected versions, the EventStore contract, the hash chain.
        .target(name: "EventSourcing", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Pure: the index engine (cleaning, weightings, schedules, valuation, backtest) and risk metrics.
        .target(name: "IndexEngine"),
        // Pure: the event catalog and the deciders.
        .target(name: "AutoIndexDomain", dependencies: ["EventSourcing", "IndexEngine"]),
        // Adapter: the append-only log on SQLite (GRDB, WAL) with a SHA-256 hash chain.
        .target(
            name: "EventStoreSQLite",
            dependencies: [
                "EventSourcing",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Adapter: the same log on PostgreSQL (postgres-nio), for several instances sharing one database.
        .target(
            name: "EventStorePostgres",
            dependencies: [
                "EventSourcing",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Adapter: market data into the log: the bundled dataset, CSV and ECB files, TwelveData.
        .target(
            name: "MarketData",
            dependencies: [
                "EventSourcing",
                "IndexEngine",
                "AutoIndexDomain",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            resources: [
                .copy("Bundled/Resources/sp500-20-daily.csv"),
                .copy("Bundled/Resources/sp500-index-daily.csv"),
                .copy("Bundled/Resources/ecb-eurofxref-hist.csv"),
                .copy("Bundled/Resources/DATA-README.md"),
            ]
        ),
        // Adapter: the index policy against the log (values, rebalances, the default configuration).
        .target(
            name: "IndexService",
            dependencies: [
                "EventSourcing", "AutoIndexDomain",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Adapter: the portfolio commands against the log, the paper broker and the index follower.
        .target(
            name: "PortfolioService",
            dependencies: [
                "EventSourcing", "AutoIndexDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // Adapter: Alpaca's Trading API v2 as a Broker.
        .target(
            name: "AlpacaBroker",
            dependencies: [
                "AutoIndexDomain",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // Adapter: projectors, the projection runner and read-model queries.
        .target(
            name: "Projections",
            dependencies: [
                "EventSourcing",
                "IndexEngine",
                "AutoIndexDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Projections",
            exclude: ["README.md"]
        ),
        // The HTTP API (Hummingbird 2), wired by buildApplication: an edge that wires the adapters.
        .target(
            name: "AutoIndexServer",
            dependencies: [
                "EventSourcing",
                "IndexEngine",
                "AutoIndexDomain",
                "EventStoreSQLite",
                "EventStorePostgres",
                "MarketData",
                "IndexService",
                "PortfolioService",
                "AlpacaBroker",
                "Projections",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [
                .copy("Resources/openapi.json"),
                .copy("Resources/docs.html"),
                .copy("Resources/redoc.html"),
                .copy("Resources/app.html"),
                .copy("Resources/assets"),
            ]
        ),
        // The measurements `autoindex bench` prints and the loop the crash tests kill.
        .target(
            name: "Benchmarks",
            dependencies: [
                "EventSourcing",
                "IndexEngine",
                "AutoIndexDomain",
                "EventStoreSQLite",
                "EventStorePostgres",
                "MarketData",
                "IndexService",
                "Projections",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command line: serve, import, index, audit, replay, bench and the rest.
        .executableTarget(
            name: "autoindex",
            dependencies: [
                "EventSourcing",
                "IndexEngine",
                "AutoIndexDomain",
                "EventStoreSQLite",
                "EventStorePostgres",
                "MarketData",
                "IndexService",
                "PortfolioService",
                "AlpacaBroker",
                "Projections",
                "AutoIndexServer",
                "Benchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AutoIndexTests",
            dependencies: [
                "EventSourcing",
                "IndexEngine",
                "AutoIndexDomain",
                "EventStoreSQLite",
                "EventStorePostgres",
                "MarketData",
                "IndexService",
                "PortfolioService",
                "AlpacaBroker",
                "Projections",
                "Benchmarks",
                "AutoIndexServer",
                "autoindex",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "MarketDataTests",
            dependencies: [
                "MarketData",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The first start's path (parsing the bundled files, encoding, hashing and appending 400,000 events,
// then projecting them) is optimised in debug builds too: unoptimised, `swift run autoindex serve`
// took over a minute to be ready. Debugging these modules means a release-like view of locals.
let optimisedInDebug: Set<String> = [
    "EventSourcing", "IndexEngine", "AutoIndexDomain", "MarketData", "EventStoreSQLite", "Projections",
]
for target in package.targets where optimisedInDebug.contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-O"], .when(configuration: .debug))]
}
