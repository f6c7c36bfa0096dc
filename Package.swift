// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "AutoIndex",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "autoindex", targets: ["autoindex"]),
        .library(name: "EventSourcing", targets: ["EventSourcing"]),
        .library(name: "AutoIndexDomain", targets: ["AutoIndexDomain"]),
        .library(name: "EventStoreSQLite", targets: ["EventStoreSQLite"]),
        .library(name: "Projections", targets: ["Projections"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // Pure: envelopes, stream names, expected versions, the EventStore contract.
        .target(name: "EventSourcing"),
        // Pure: the event catalog, deciders, strategy math and analytics.
        .target(name: "AutoIndexDomain", dependencies: ["EventSourcing"]),
        // Adapter: the append-only log on SQLite (GRDB, WAL) with a SHA-256 hash chain.
        .target(
            name: "EventStoreSQLite",
            dependencies: [
                "EventSourcing",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Adapter: projectors, the projection runner and read-model queries.
        .target(
            name: "Projections",
            dependencies: [
                "EventSourcing",
                "AutoIndexDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Projections"
        ),
        .executableTarget(
            name: "autoindex",
            dependencies: [
                "EventSourcing",
                "AutoIndexDomain",
                "EventStoreSQLite",
                "Projections",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "AutoIndexTests",
            dependencies: [
                "EventSourcing",
                "AutoIndexDomain",
                "EventStoreSQLite",
                "Projections",
                "autoindex",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
