// swift-tools-version:6.0
import PackageDescription

let strictSwift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "deadletter",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "DeadLetterKit", targets: ["DeadLetterKit"]),
        .library(name: "AzureEmulator", targets: ["AzureEmulator"]),
        .library(name: "AzureCore", targets: ["AzureCore"]),
        .executable(name: "deadletter", targets: ["deadletter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // System libraries: libxml2 (streaming List Blobs reader) and zlib (gzip export/import).
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The List Blobs SAX state machine and libxml2's quiet error channels, in C (include/CListBlobsSAX.h says why).
        .target(name: "CListBlobsSAX", dependencies: ["CLibXML2"]),

        // Pure wire-format helpers shared by the client and the emulator: signing, SAS, connection strings, dates, XML escaping.
        .target(
            name: "AzureCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "DeadLetterKit",
            dependencies: [
                "AzureCore", "CLibXML2", "CListBlobsSAX", "CZlib",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .target(
            name: "AzureEmulator",
            dependencies: [
                "AzureCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "deadletter",
            dependencies: [
                "DeadLetterKit", "AzureEmulator", "AzureCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        .executableTarget(
            name: "deadletter-bench",
            dependencies: ["DeadLetterKit", "AzureEmulator", "AzureCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSwift6
        ),
        .testTarget(name: "AzureCoreTests", dependencies: ["AzureCore"], swiftSettings: strictSwift6),
        .testTarget(name: "AzureEmulatorTests", dependencies: ["AzureEmulator", "AzureCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client")], swiftSettings: strictSwift6),
        .testTarget(name: "DeadLetterKitTests", dependencies: ["DeadLetterKit", "AzureEmulator",
            .product(name: "PropertyBased", package: "swift-property-based")],
                    resources: [], swiftSettings: strictSwift6),
        .testTarget(name: "EndToEndTests", dependencies: ["DeadLetterKit", "AzureEmulator"], swiftSettings: strictSwift6),
    ]
)
