import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of the executable in a secret-hygiene test: its arguments (given the run's scratch directory, where its
/// exports, journals and `--failed` files go), its environment, and how it must end.
struct SecretHygieneCase: Sendable {
    var label: String
    var arguments: @Sendable (URL) -> [String]
    var environment: [String: String]
    var expectedExit: Int32
    /// Text of which at least one must appear on stderr, stdout or in a written file (a `--failed` file's reasons):
    /// proof that the failure mode really happened (e.g. "403", "token command"). Empty: no check.
    var evidence: [String] = []
    /// A replay that retries forever (target down, every answer a 5xx): once its journal `j.journal` exists and it
    /// has retried for a second, it gets SIGINT twice (graceful, then immediate).
    var interrupt = false
}

/// Runs cases as child processes, several at once, each with its own scratch directory (also its HOME, so default
/// journals land in it), and collects what each left behind.
enum SecretHygieneRunner {
    static func run(_ cases: [SecretHygieneCase], in context: EndToEndEmulator.Context, parallel: Int = 6) async throws -> [SecretHygieneRun] {
        try await withThrowingTaskGroup(of: SecretHygieneRun.self) { group in
            var pending = cases[...]
            var runs: [SecretHygieneRun] = []
            for _ in 0..<min(parallel, cases.count) {
                let next = pending.removeFirst()
                group.addTask { try await run(next, in: context) }
            }
            while let finished = try await group.next() {
                runs.append(finished)
                if let next = pending.popFirst() { group.addTask { try await run(next, in: context) } }
            }
            return runs
        }
    }

    static func run(_ testCase: SecretHygieneCase, in context: EndToEndEmulator.Context) async throws -> SecretHygieneRun {
        let directory = try context.scratchDirectory()
        let arguments = testCase.arguments(directory)
        let environment = testCase.environment.merging(["HOME": directory.path]) { _, given in given }
        let result: CLIResult
        if testCase.interrupt {
            let child = try ReplayChildProcess(arguments, environment: environment)
            let journal = directory.appendingPathComponent("j.journal").path
            let deadline = ContinuousClock.now + .seconds(20)
            while child.isRunning, !FileManager.default.fileExists(atPath: journal), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            try await Task.sleep(for: .seconds(1))
            child.send(SIGINT)
            try await Task.sleep(for: .milliseconds(300))
            child.send(SIGINT)
            result = try await child.waitForEnd(timeout: 30).result
        } else {
            result = try await DeadLetterCLI.run(arguments, environment: environment, timeout: 60)
        }
        return SecretHygieneRun(label: testCase.label, result: result, files: SecretHygieneSearch.files(under: directory))
    }

    /// Checks each run's exit code and evidence against its case.
    static func assertOutcomes(_ runs: [SecretHygieneRun], of cases: [SecretHygieneCase], file: StaticString = #filePath, line: UInt = #line) {
        let byLabel = Dictionary(cases.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(byLabel.count, cases.count, "case labels must be unique", file: file, line: line)
        XCTAssertEqual(runs.count, cases.count, file: file, line: line)
        for run in runs {
            guard let testCase = byLabel[run.label] else { continue }
            XCTAssertEqual(run.result.exitCode, testCase.expectedExit, "\(run.label)\n\(run.result.transcript)", file: file, line: line)
            let output = ([run.result.stderr, run.result.stdout] + run.files.compactMap { try? String(contentsOf: $0, encoding: .utf8) })
                .joined(separator: "\n")
            if !testCase.evidence.isEmpty && !testCase.evidence.contains(where: { output.localizedCaseInsensitiveContains($0) }) {
                XCTFail("\(run.label): none of \(testCase.evidence) in the output\n\(run.result.transcript)", file: file, line: line)
            }
        }
    }

    /// A port nothing listens on: bound, read, then closed again.
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EBADF) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
