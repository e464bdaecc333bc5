import AzureEmulator
import DeadLetterKit
import Foundation
import XCTest

/// A Blob service that accepts requests and never answers some of them (the emulator's seeded `hangRate`):
/// `export` and `stats` with `--request-timeout` still finish, name each blob whose every attempt timed out, read
/// the others, and exit 2.
///
/// Deterministic: with `--flat --concurrency 1` the client's requests reach the emulator one after another (one
/// List Blobs, then each blob's attempts in name order), and a seeded fault plan decides each request by its number,
/// so the test works out beforehand which blobs time out on every attempt.
final class BlobSlowLorisEndToEndTests: XCTestCase {
    private static let plan = FaultPlan(hangRate: 0.5)
    private static let timeout = "0.2"
    private static let blobs = EndToEndContainers.triageBlobs.map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    /// `--max-attempts` for listings and reads alike (by default reads get more, and each hung blob then costs ~30 s
    /// of back-off).
    private static let attempts = 3

    /// What one command meets, replaying the emulator's decisions from request number `first` on.
    struct ExpectedRun {
        var listed = false
        var timedOut: [String] = []
        var hungRequests = 0
        var nextRequest: UInt64
    }

    static func expectedRun(seed: UInt64, from first: UInt64) -> ExpectedRun {
        var run = ExpectedRun(nextRequest: first)
        /// Attempts of one operation until one is answered or the retries run out; true when one was answered.
        func operation(attempts: Int) -> Bool {
            for _ in 0..<attempts {
                let decision = FaultDecision.decide(plan: plan, seed: seed, service: .blob, requestNumber: run.nextRequest)
                run.nextRequest += 1
                guard decision.outcome == .hung else { return true }
                run.hungRequests += 1
            }
            return false
        }
        run.listed = operation(attempts: attempts)
        guard run.listed else { return run }
        for blob in blobs where !operation(attempts: attempts) { run.timedOut.append(blob) }
        return run
    }

    /// The first seed under which both commands list, some but not all blobs time out, and the hangs stay few
    /// (each costs the timeout).
    static func chooseSeed() -> (seed: UInt64, export: ExpectedRun, stats: ExpectedRun) {
        for seed in UInt64(1)...5000 {
            let export = expectedRun(seed: seed, from: 0)
            let stats = expectedRun(seed: seed, from: export.nextRequest)
            let usable = [export, stats].allSatisfy { $0.listed && !$0.timedOut.isEmpty && $0.timedOut.count < 3 && $0.hungRequests <= 20 }
            if usable { return (seed, export, stats) }
        }
        fatalError("no seed in 1…5000 gives a usable fault sequence for hangRate \(plan.hangRate)")
    }

    func testExportAndStatsNameTheBlobsThatTimedOutAndExit2() async throws {
        let chosen = Self.chooseSeed()
        let emulator = EndToEndEmulator { configuration in
            configuration.faults = [.blob: Self.plan]
            configuration.seed = chosen.seed
        }
        let context = try await emulator.start()
        defer { emulator.stopAndWait() }
        let output = try context.scratchDirectory().appendingPathComponent("export.jsonl").path
        let source = context.url(EndToEndContainers.triage)
        let common = ["--flat", "--concurrency", "1", "--request-timeout", Self.timeout, "--max-attempts", String(Self.attempts)]

        let started = ContinuousClock.now
        let export = try await context.run(["export", source, "-o", output] + common, timeout: 120)
        try assertNamesTimedOutBlobs(export, expected: chosen.export)
        let exported = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(exported.count, Self.events(outside: chosen.export.timedOut), "the blobs that answered were read:\n\(export.transcript)")

        let stats = try await context.run(["stats", source, "--no-histogram"] + common, timeout: 120)
        try assertNamesTimedOutBlobs(stats, expected: chosen.stats)
        print("slow-loris blob reads: export + stats in \(ContinuousClock.now - started), seed \(chosen.seed), "
              + "\(chosen.export.hungRequests + chosen.stats.hungRequests) hung requests, "
              + "timed out: \(chosen.export.timedOut) then \(chosen.stats.timedOut)")

        let counters = await context.server.counters
        XCTAssertEqual(UInt64(counters.requests(to: .blob)), chosen.stats.nextRequest,
                       "the client made exactly the requests the test expected (\(counters.operations))")
        XCTAssertEqual(counters.faults(.hung), chosen.export.hungRequests + chosen.stats.hungRequests)
    }

    private static func events(outside timedOut: [String]) -> Int {
        EndToEndContainers.triageBlobs.filter { !timedOut.contains($0.name) }
            .reduce(0) { $0 + $1.bytes.components(separatedBy: #""id":"#).count - 1 }
    }

    private func assertNamesTimedOutBlobs(_ result: CLIResult, expected: ExpectedRun, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(result.exitCode, 2, result.transcript, file: file, line: line)
        for blob in Self.blobs {
            let named = result.stderr.split(separator: "\n").contains { $0.contains(blob) && $0.contains("timed out") }
            XCTAssertEqual(named, expected.timedOut.contains(blob), "\(blob) named as timed out: \(named)\n\(result.transcript)",
                           file: file, line: line)
        }
        XCTAssertNotNil(result.stderr.range(of: #"blobs not read +\#(expected.timedOut.count)\n"#, options: .regularExpression),
                        result.transcript, file: file, line: line)
    }
}
