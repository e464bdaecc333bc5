import Foundation
import XCTest
@testable import DeadLetterKit

/// The accounting invariants on the bundled sample through `LocalContainerMirror`: every blob listed is read, failed
/// (named once) or skipped (named once); every event read is matched or skipped with a reason.
final class DeadLetterScannerAccountingTests: XCTestCase {
    private func assertInvariants(_ summary: RunSummary, delivered: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(summary.blobsListed, summary.blobsRead + summary.failedBlobs.count + summary.skippedBlobs.count,
                       "listed = read + failed + skipped blobs", file: file, line: line)
        XCTAssertEqual(summary.eventsRead, summary.matched + summary.skippedTotal, "events read = matched + skipped",
                       file: file, line: line)
        XCTAssertEqual(summary.matched, delivered, "matched = what the consumer received", file: file, line: line)
        XCTAssertEqual(Set(summary.failedBlobs.map(\.name)).count, summary.failedBlobs.count, "each failed blob named once",
                       file: file, line: line)
    }

    func testTheWholeSampleAddsUp() async throws {
        let result = try await PipelineFixtures.sampleScanner().collect()
        let summary = result.summary
        assertInvariants(summary, delivered: result.deadLetters.count)
        XCTAssertEqual(summary.matched, PipelineFixtures.sampleDeadLetters)
        XCTAssertEqual(summary.blobsListed, 310)
        XCTAssertEqual(summary.failedBlobs.map(\.name).sorted(), PipelineFixtures.sampleBadBlobs)
        XCTAssertEqual(summary.skippedBlobs.map(\.name), [PipelineFixtures.sampleReadme])
        XCTAssertEqual(summary.skipped[SkipReason.unparseable], 4)
        XCTAssertEqual(summary.skipped[SkipReason.notADeadLetter], 1)
        XCTAssertFalse(summary.allBlobsRead)
        XCTAssertTrue(result.deadLetters.allSatisfy(\.isEvent))
    }

    func testAFilterSkipsWhatItRejectsWithItsReason() async throws {
        let filter = try DeadLetterFilter(flags: .init(types: ["Microsoft.DigitalTwins.Twin.*"]))
        let result = try await PipelineFixtures.sampleScanner(filter: filter).collect()
        assertInvariants(result.summary, delivered: result.deadLetters.count)
        XCTAssertTrue(result.deadLetters.allSatisfy { $0.attributes.type?.hasPrefix("Microsoft.DigitalTwins.Twin.") == true })
        XCTAssertEqual(result.summary.skipped[SkipReason.filteredOut], PipelineFixtures.sampleDeadLetters - result.summary.matched)
        XCTAssertGreaterThan(result.summary.matched, 100)
    }

    func testATimeWindowCountsEventsOutsideIt() async throws {
        let filter = try DeadLetterFilter(flags: .init(since: "2026-11-24T10:00:00Z", until: "2026-11-24T11:00:00Z"))
        let result = try await PipelineFixtures.sampleScanner(filter: filter).collect()
        assertInvariants(result.summary, delivered: result.deadLetters.count)
        XCTAssertGreaterThan(result.summary.skipped[SkipReason.outsideWindow] ?? 0, 0)
        let window = QueryTimeWindow(since: ISO8601DateFormatter().date(from: "2026-11-24T10:00:00Z"),
                                     until: ISO8601DateFormatter().date(from: "2026-11-24T11:00:00Z"))
        XCTAssertTrue(result.deadLetters.allSatisfy { $0.placementTime.map(window.contains) == true })
        XCTAssertGreaterThan(result.deadLetters.count, 0)
    }

    func testEndpointPruningListsFewerBlobsAndStillAddsUp() async throws {
        let filter = try DeadLetterFilter(flags: .init(endpoints: ["twin-router-sub"]))
        let result = try await PipelineFixtures.sampleScanner(filter: filter).collect()
        assertInvariants(result.summary, delivered: result.deadLetters.count)
        XCTAssertLessThan(result.summary.blobsListed, 310)
        XCTAssertTrue(result.summary.allBlobsRead, "the bad blobs are under another endpoint")
        XCTAssertTrue(result.deadLetters.allSatisfy { $0.origin.endpoint == "TWIN-ROUTER-SUB" })
    }

    func testConcurrencyDoesNotChangeTheSample() async throws {
        let serial = try await PipelineFixtures.sampleScanner(concurrency: 1).collect()
        let parallel = try await PipelineFixtures.sampleScanner(concurrency: 32).collect()
        XCTAssertEqual(parallel.deadLetters.map(\.bytes), serial.deadLetters.map(\.bytes))
        XCTAssertEqual(parallel.deadLetters.map(\.origin), serial.deadLetters.map(\.origin))
        var serialSummary = serial.summary, parallelSummary = parallel.summary
        serialSummary.elapsed = nil
        parallelSummary.elapsed = nil
        XCTAssertEqual(parallelSummary, serialSummary)
    }
}
