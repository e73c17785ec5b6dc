// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "sockguard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sockguard", targets: ["sockguard"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context", from: "1.0.0"),
    ],
    targets: [
        // zlib, to read gzip-compressed build contexts, archives and image tarballs (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // libyaml, the configuration's YAML parser (Debian: libyaml-dev). Read directly rather than through Yams,
        // which needs all of Foundation: without it the binary carries no ICU (34 MB of data).
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", providers: [.apt(["libyaml-dev"])]),
        // Pure policy: no NIO, no logging, no YAML.
        .target(name: "SockguardPolicy", dependencies: ["CZlib"], exclude: ["README.md"]),
        .target(
            name: "SockguardConfig",
            dependencies: [
                "SockguardPolicy",
                "CYAML",
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "SockguardProxy",
            dependencies: [
                "SockguardPolicy",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "SockguardCLI",
            dependencies: [
                "SockguardConfig",
                "SockguardProxy",
                "SockguardPolicy",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(name: "sockguard", dependencies: ["SockguardCLI"]),
        // Foundation only: a harness for dockerd, the proxy process and a recording upstream.
        .target(name: "SockguardTestSupport", exclude: ["README.md"]),
        .testTarget(name: "SockguardPolicyTests", dependencies: ["SockguardPolicy", "CZlib"]),
        .testTarget(name: "SockguardConfigTests", dependencies: ["SockguardConfig", "SockguardPolicy"]),
        .testTarget(
            name: "SockguardProxyTests",
            // Raw-socket tests against the built binary, and unit tests of the engine's pure helpers.
            dependencies: [
                "SockguardTestSupport", "sockguard", "SockguardProxy", "SockguardPolicy",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
            ]
        ),
        .testTarget(
            name: "SockguardCLITests",
            dependencies: ["SockguardTestSupport", "sockguard"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["SockguardTestSupport", "sockguard"]
        ),
    ]
)
