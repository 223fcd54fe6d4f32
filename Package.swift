// swift-tools-version:6.2
// rating-terminal: the customer-rating terminal and the collector it reports to.
// Module boundaries follow ../shared/DESIGN.md ("Suggested module map").
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "rating-terminal",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rating-terminal", targets: ["rating-terminal"]),
        .executable(name: "rating-collector", targets: ["rating-collector"]),
        .executable(name: "rating-bench", targets: ["rating-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // Named only for its header names (X-Next-Cursor): Hummingbird already depends on it.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // The collector's alert webhook; HummingbirdTesting already builds it for the tests.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Pure core: Swift stdlib only, no I/O.
        .target(name: "RatingCore", swiftSettings: strict),
        // The versioned upload format shared by terminal and collector.
        .target(
            name: "RatingWire",
            dependencies: [
                "RatingCore", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // C libraries, found with pkg-config; thin typed shims for variadic and macro APIs.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod", providers: [.apt(["libgpiod-dev"])]),
        // One C API over libgpiod v1 and v2, chosen at compile time (see include/gpiod_shim.h).
        .target(name: "GPIODShim", dependencies: ["CGPIOD"]),
        // Terminal side.
        .target(
            name: "TerminalStore",
            dependencies: ["RatingCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .target(
            name: "TerminalSync",
            dependencies: ["RatingCore", "RatingWire", "CCurl", "EventTimer", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Linux calls missing from Swift's Glibc module (adjtimex).
        .target(name: "CLinuxShim"),
        .target(name: "EventTimer", dependencies: ["CLinuxShim", "RatingCore"], swiftSettings: strict),
        .target(
            name: "TerminalHardware",
            dependencies: ["RatingCore", "CLinuxShim", "GPIODShim"],
            swiftSettings: strict),
        .target(
            name: "TerminalApp",
            dependencies: [
                "RatingCore", "RatingWire", "TerminalStore", "TerminalSync", "TerminalHardware", "EventTimer",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "rating-terminal",
            dependencies: ["TerminalApp", "TerminalStore", "TerminalHardware", "RatingCore",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        // Collector side.
        .target(
            name: "CollectorCore",
            dependencies: [
                "RatingCore", "RatingWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "rating-collector",
            dependencies: ["CollectorCore", "RatingWire",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        // Benchmarks (make bench); see bench/README.md.
        .executableTarget(
            name: "rating-bench",
            dependencies: ["TerminalApp", "TerminalStore", "TerminalSync", "TerminalHardware", "RatingCore", "RatingWire", "CollectorCore",
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "bench/rating-bench",
            swiftSettings: strict),
        // Fuzzing (make fuzz, fuzz/README.md): the checks, and one libFuzzer executable per target.
        // Built with -DFUZZING and -sanitize=fuzzer by scripts/fuzz.sh; a normal build makes them replay tools.
        .target(name: "FuzzChecks", dependencies: ["RatingCore", "RatingWire", "TerminalApp", "TerminalHardware"],
                path: "fuzz/FuzzChecks", swiftSettings: strict),
        .executableTarget(name: "fuzz-config", dependencies: ["FuzzChecks"], path: "fuzz/fuzz-config", swiftSettings: strict),
        .executableTarget(name: "fuzz-batch", dependencies: ["FuzzChecks"], path: "fuzz/fuzz-batch", swiftSettings: strict),
        .executableTarget(name: "fuzz-screen", dependencies: ["FuzzChecks"], path: "fuzz/fuzz-screen", swiftSettings: strict),
        .executableTarget(name: "fuzz-lcdproc", dependencies: ["FuzzChecks"], path: "fuzz/fuzz-lcdproc", swiftSettings: strict),
        // Tests. DisplayModels: device models that decode what a driver sent (HD44780 bytes,
        // pole-display commands) into the visible screen, shared by host and guest tests.
        .target(name: "DisplayModels", dependencies: ["RatingCore", "TerminalHardware"], path: "Tests/DisplayModels"),
        .testTarget(name: "EventTimerTests", dependencies: ["EventTimer", "CLinuxShim"]),
        .testTarget(name: "RatingCoreTests", dependencies: ["RatingCore"], exclude: ["Scenarios"]),
        .testTarget(name: "RatingWireTests", dependencies: ["RatingWire"]),
        .testTarget(name: "TerminalStoreTests", dependencies: ["TerminalStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "TerminalSyncTests",
            dependencies: ["TerminalSync", "TerminalStore", "TerminalApp", "CollectorCore", "RatingCore", "RatingWire",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log")]),
        .testTarget(
            name: "CollectorCoreTests",
            dependencies: ["CollectorCore", "RatingCore", "RatingWire", "CZlib",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "TerminalHardwareTests", dependencies: ["TerminalHardware", "RatingCore", "CLinuxShim", "DisplayModels"]),
        .testTarget(name: "TerminalAppTests", dependencies: ["TerminalApp", "TerminalStore", "TerminalHardware", "RatingCore"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzChecks"]),
        .testTarget(name: "EndToEndTests", dependencies: ["RatingCore", "TerminalStore", "TerminalHardware", "DisplayModels"]),
    ]
)
