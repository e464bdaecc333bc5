import AzureEmulator
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `deadletter emulator --fault-hang 1 --fault-service eventgrid` is a sink that accepts and never answers;
/// `deadletter replay --request-timeout 0.2 --max-consecutive-failures 1` gives up on the first batch after its
/// retries and sends nothing more: every event is in `--failed` with its reason, exit 2.
final class ReplaySlowLorisEndToEndTests: XCTestCase {
    func testTheCircuitBreakerStopsSendingAndRecordsEveryEventAsFailed() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("deadletter-loris-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("source.jsonl")
        try ReplayGeneratedExport.write(count: 120, to: source)
        let ready = work.appendingPathComponent("emulator.port")
        let emulator = try ReplayChildProcess(["emulator", "--port", "0", "--ready-file", ready.path,
                                               "--fault-hang", "1", "--fault-service", "eventgrid"], environment: [:])
        defer { if emulator.isRunning { emulator.send(SIGKILL) } }
        var port: Int?
        for _ in 0..<600 where port == nil {
            port = (try? String(contentsOf: ready, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let emulatorPort = try XCTUnwrap(port, "the emulator wrote no ready file")
        let failed = work.appendingPathComponent("failed.jsonl")

        let started = ContinuousClock.now
        let result = try await DeadLetterCLI.run([
            "replay", source.path, "--to", "eventgrid:http://127.0.0.1:\(emulatorPort)/replay-topic/api/events",
            "--request-timeout", "0.2", "--max-consecutive-failures", "1", "--concurrency", "1", "--max-batch-events", "20",
            "--failed", failed.path, "--no-journal", "--format", "json", "--quiet",
        ], environment: ["DEADLETTER_TARGET_KEY": SinkConfiguration.defaultEventGridKey], timeout: 240)
        print("slow-loris replay (one batch's retries, then the breaker): \(ContinuousClock.now - started)")

        XCTAssertEqual(result.exitCode, 2, result.transcript)
        XCTAssertTrue(result.stderr.contains("error: replay stopped: 1 batch failed with timeouts or connection failures"), result.transcript)
        let replay = ReplayReportReading.replayObject(result)
        XCTAssertEqual(replay["stop"] as? String, "targetUnreachable", result.transcript)
        XCTAssertEqual(replay["selected"] as? Int, 120)
        XCTAssertEqual(replay["sent"] as? Int, 0)
        XCTAssertEqual(replay["failed"] as? Int, 120)
        let reasons = replay["failureReasons"] as? [String: Any] ?? [:]
        XCTAssertEqual(reasons["not sent: the target stopped answering"] as? Int, 100, "\(reasons)")
        XCTAssertEqual(reasons["retries exhausted"] as? Int, 20, "\(reasons)")

        let lines = try String(contentsOf: failed, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 120, "every event is in --failed, ready to replay")
        XCTAssertEqual(lines.filter { $0.contains(#""replayError":"not sent: 1 batch failed with timeouts"#) }.count, 100)
        XCTAssertEqual(lines.filter { $0.contains(#""replayError":"not acknowledged after"#) && $0.contains("read timed out") }.count, 20)

        emulator.send(SIGTERM)
        _ = try await emulator.waitForEnd(timeout: 30)
    }
}
