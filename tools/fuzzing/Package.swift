// swift-tools-version:6.0
// libFuzzer targets for deadletter's parsers. A package of its own so that the sanitizer flags never touch the main
// build: `tools/fuzz` builds it with `-sanitize=fuzzer,address` into tools/fuzzing/.build.
import PackageDescription

let strictSwift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// One executable per fuzzer: `LLVMFuzzerTestOneInput` (`@_cdecl`) checks one input, and `main.swift` hands it to
/// libFuzzer's driver (SwiftPM links its own `main` into executables, so libFuzzer's cannot be used).
func fuzzer(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies, swiftSettings: strictSwift6)
}

let deadLetterKit = Target.Dependency.product(name: "DeadLetterKit", package: "deadletter")
let azureCore = Target.Dependency.product(name: "AzureCore", package: "deadletter")

let package = Package(
    name: "deadletter-fuzzing",
    platforms: [.macOS(.v14)],
    dependencies: [
        // The project itself, by path: the fuzzers exercise its public API exactly as the CLI does.
        .package(name: "deadletter", path: "../.."),
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"], swiftSettings: strictSwift6),
        fuzzer("fuzz-list-blobs", [deadLetterKit, azureCore]),
        fuzzer("fuzz-json-stream", [deadLetterKit]),
        fuzzer("fuzz-dead-letter", [deadLetterKit]),
        fuzzer("fuzz-where", [deadLetterKit]),
        fuzzer("fuzz-connection-string", [deadLetterKit, azureCore]),
        fuzzer("fuzz-sas", [deadLetterKit, azureCore]),
    ]
)
