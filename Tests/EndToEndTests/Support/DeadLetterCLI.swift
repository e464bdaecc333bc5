import Foundation
import XCTest

/// What one run of the `deadletter` executable gave: exit code, standard output and standard error.
struct CLIResult: Sendable {
    var arguments: [String]
    var exitCode: Int32
    var stdoutData: Data
    var stderr: String

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    /// Non-empty lines of standard output.
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// For assertion messages: the command and what it printed, so a failure explains itself.
    var transcript: String {
        "deadletter \(arguments.joined(separator: " ")) → exit \(exitCode)\n--- stdout (\(stdoutData.count) bytes):\n"
            + String(stdout.prefix(3000)) + "\n--- stderr:\n" + String(stderr.prefix(3000))
    }
}

enum DeadLetterCLIError: Error, CustomStringConvertible {
    case executableMissing(path: String)
    case timedOut(arguments: [String], seconds: Int)

    var description: String {
        switch self {
        case .executableMissing(let path):
            return "the deadletter executable is missing at \(path): run `swift build` in the package root first"
        case .timedOut(let arguments, let seconds):
            return "deadletter \(arguments.joined(separator: " ")) did not finish within \(seconds) s (killed)"
        }
    }
}

/// Runs the built `deadletter` executable as a user would: a child process with its own environment, output captured
/// through files (pipes could fill up and stall the child), bounded by a timeout.
enum DeadLetterCLI {
    /// The package root, found by walking up from this file to `Package.swift`.
    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) { return directory }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "/nonexistent-package-root")
    }()

    static var executable: URL { packageRoot.appendingPathComponent(".build/debug/deadletter") }

    static var sampleContainer: URL { packageRoot.appendingPathComponent("Fixtures/sample-container") }

    /// The parent's environment without any Azure credential variables (so only what a test passes is used).
    static var cleanEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("AZURE_") && !key.hasPrefix("IDENTITY_") && !key.hasPrefix("MSI_")
        }
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], timeout seconds: Int = 60) async throws -> CLIResult {
        let path = executable.path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw DeadLetterCLIError.executableMissing(path: path) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deadletter-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout"), stderrURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL), stderrHandle = try FileHandle(forWritingTo: stderrURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = cleanEnvironment.merging(environment) { _, given in given }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        try process.run()
        // Polling keeps the cooperative thread pool free (`waitUntilExit` would block one of its few threads while
        // the in-process emulator needs them to answer the child).
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw DeadLetterCLIError.timedOut(arguments: arguments, seconds: seconds)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        try stdoutHandle.close()
        try stderrHandle.close()
        return CLIResult(arguments: arguments, exitCode: process.terminationStatus,
                         stdoutData: try Data(contentsOf: stdoutURL),
                         stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
    }
}
