import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `deadletter` child that a test can signal while it runs (SIGINT for a graceful stop, SIGKILL for a crash),
/// which `DeadLetterCLI.run` cannot do since it returns only at the end. Output goes to files, as there.
///
/// Not `Sendable`: one test owns it and drives it from its own task.
final class ReplayChildProcess {
    let arguments: [String]
    private let process = Process()
    private let scratch: URL
    private let stdoutURL: URL
    private let stderrURL: URL
    private let stdoutHandle: FileHandle
    private let stderrHandle: FileHandle

    /// How the child ended: its CLI result, and the signal that ended it when it did not exit by itself.
    struct Ending {
        var result: CLIResult
        var signal: Int32?
    }

    init(_ arguments: [String], environment: [String: String]) throws {
        let path = DeadLetterCLI.executable.path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw DeadLetterCLIError.executableMissing(path: path) }
        self.arguments = arguments
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deadletter-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        stdoutURL = scratch.appendingPathComponent("stdout")
        stderrURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        stderrHandle = try FileHandle(forWritingTo: stderrURL)
        process.executableURL = DeadLetterCLI.executable
        process.arguments = arguments
        process.environment = DeadLetterCLI.cleanEnvironment.merging(environment) { _, given in given }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: scratch)
    }

    var isRunning: Bool { process.isRunning }

    /// Sends `signal` (SIGINT, SIGTERM, SIGKILL) to the child.
    func send(_ signal: Int32) {
        _ = kill(process.processIdentifier, signal)
    }

    /// Waits for the child to end (polling, so the cooperative pool stays free for the in-process emulator);
    /// kills it and throws when it outlives `seconds`.
    func waitForEnd(timeout seconds: Int = 60) async throws -> Ending {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning {
            if ContinuousClock.now > deadline {
                send(SIGKILL)
                throw DeadLetterCLIError.timedOut(arguments: arguments, seconds: seconds)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        try stdoutHandle.close()
        try stderrHandle.close()
        let result = CLIResult(arguments: arguments, exitCode: process.terminationStatus,
                               stdoutData: try Data(contentsOf: stdoutURL),
                               stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return Ending(result: result, signal: signal)
    }
}
