import Foundation
import XCTest
@testable import DeadLetterKit

/// `DeadLetterScanner` over an in-memory container: deterministic order whatever the concurrency and timing,
/// `.stop`, read failures, and streaming of large blobs.
final class DeadLetterScannerOrderingTests: XCTestCase {
    private func scanner(_ container: ScannerTestContainer, concurrency: Int, configure: (inout ScanOptions) -> Void = { _ in })
        -> DeadLetterScanner {
        var options = ScanOptions()
        options.concurrency = concurrency
        configure(&options)
        return DeadLetterScanner(source: .container(lister: container, reader: container, description: "memory://test"),
                                 options: options)
    }

    /// The order the walker promises: hour folders chronologically (`2` before `10`), names within a folder, then
    /// each blob's events by index.
    private func expectedOrder(_ blobs: [(String, String)]) -> [String] {
        func hour(_ name: String) -> Int { Int(name.split(separator: "/")[4])! }
        return blobs.map(\.0).sorted { hour($0) != hour($1) ? hour($0) < hour($1) : $0 < $1 }.flatMap { name -> [String] in
            let text = blobs.first { $0.0 == name }!.1
            let count = text.hasPrefix("[") ? text.components(separatedBy: "\"specversion\"").count - 1 : 1
            return count == 1 && !text.hasPrefix("[") ? [name] : (0..<count).map { "\(name)#\($0)" }
        }
    }

    private static func positions(_ deadLetters: [DeadLetter]) -> [String] {
        deadLetters.map { $0.attributes.id ?? "?" }
    }

    func testOutputOrderIsTheSameWithConcurrency1And16AndRandomDelays() async throws {
        let blobs = ScannerTestEvents.container(blobs: 60)
        var container = ScannerTestContainer(texts: blobs)
        var generator = SystemRandomNumberGenerator()
        for (name, _) in blobs { container.delays[name] = Int.random(in: 0...4000, using: &generator) }
        let expected = expectedOrder(blobs)

        let serial = try await scanner(container, concurrency: 1).collect()
        let parallel = try await scanner(container, concurrency: 16).collect()
        XCTAssertEqual(Self.positions(serial.deadLetters), expected)
        XCTAssertEqual(Self.positions(parallel.deadLetters), expected)
        // Origins agree too: blob name and index.
        XCTAssertEqual(parallel.deadLetters.map { "\($0.origin.blobName)#\($0.origin.index)" },
                       serial.deadLetters.map { "\($0.origin.blobName)#\($0.origin.index)" })
        XCTAssertEqual(parallel.summary.matched, expected.count)
        XCTAssertEqual(parallel.summary.blobsListed, 60)
        XCTAssertEqual(parallel.summary.blobsRead, 60)
        XCTAssertEqual(parallel.deadLetters.first?.origin.endpoint, "ep-1")
        XCTAssertNotNil(parallel.deadLetters.first?.origin.folderHour)
    }

    func testStopEndsTheScanEarly() async throws {
        let blobs = ScannerTestEvents.container(blobs: 60)
        let container = ScannerTestContainer(texts: blobs)
        // Hour 0 holds five one-event blobs; the 6th dead letter is the first of hour 1's first blob, which has two.
        let result = try await scanner(container, concurrency: 4).collect { count in count >= 6 ? .stop : .continue }
        XCTAssertEqual(Self.positions(result.deadLetters), Array(expectedOrder(blobs).prefix(6)))
        let started = await container.log.startedBlobs.count
        XCTAssertLessThan(started, 20, "reading stopped soon after the consumer said stop (\(started) of 60 started)")
        XCTAssertLessThan(result.summary.blobsListed, 60)
        XCTAssertEqual(result.summary.failedBlobs, [], "stopping is not a failure")
        // The summary counts what the consumer received; the rest of the last blob is skipped with the reason.
        XCTAssertEqual(result.summary.matched, 6)
        XCTAssertEqual(result.summary.skipped[SkipReason.afterLimit], 1)
        XCTAssertEqual(result.summary.eventsRead, result.summary.matched + result.summary.skippedTotal)
    }

    func testStopInsideAStreamedBlobKeepsItsAccounting() async throws {
        let big = "ep-1/2026/1/10/0/big.json"
        var container = ScannerTestContainer(texts: [(big, ScannerTestEvents.array(big, count: 100)),
                                                     ("ep-1/2026/1/10/1/after.json", ScannerTestEvents.event(id: "after"))])
        container.chunkSize = 1000
        let scan = scanner(container, concurrency: 2) { $0.streamingThreshold = 1024 }
        let result = try await scan.collect { count in count >= 3 ? .stop : .continue }
        XCTAssertEqual(result.deadLetters.map(\.origin.index), [0, 1, 2])
        XCTAssertEqual(result.summary.matched, 3)
        XCTAssertEqual(result.summary.blobsListed, 1)
        XCTAssertGreaterThan(result.summary.eventsRead, 3, "the chunk held more events than were handed on")
        XCTAssertEqual(result.summary.eventsRead, result.summary.matched + result.summary.skippedTotal)
        XCTAssertLessThan(result.summary.eventsRead, 100, "the rest of the blob was not read")
    }

    func testAFailingBlobIsNamedOnceAndTheOthersAreRead() async throws {
        let blobs = ScannerTestEvents.container(blobs: 24)
        var container = ScannerTestContainer(texts: blobs)
        let refused = blobs[5].0, cut = blobs[9].0
        container.failingBlobs = [refused]
        container.failingMidStream = [cut]
        let result = try await scanner(container, concurrency: 8).collect()

        let failed = result.summary.failedBlobs
        XCTAssertEqual(failed.map(\.name).sorted(), [refused, cut].sorted())
        XCTAssertTrue(failed.allSatisfy { $0.reason.contains("simulated 500 InternalError") }, "\(failed)")
        XCTAssertFalse(result.summary.allBlobsRead)
        let expected = expectedOrder(blobs).filter { !$0.hasPrefix(refused) && !$0.hasPrefix(cut) }
        XCTAssertEqual(Self.positions(result.deadLetters), expected)
        XCTAssertEqual(result.summary.blobsListed, 24)
        XCTAssertEqual(result.summary.blobsRead, 22)
    }

    func testABlobOverTheStreamingThresholdIsStreamedInOrder() async throws {
        var blobs = ScannerTestEvents.container(blobs: 12)
        let big = "ep-1/2026/1/10/5/big.json"
        blobs.append((big, ScannerTestEvents.array(big, count: 300)))
        var container = ScannerTestContainer(texts: blobs)
        container.chunkSize = 512
        for (name, _) in blobs where name != big { container.delays[name] = Int.random(in: 0...3000) }
        let bigBytes = blobs.last!.1.utf8.count
        let totalChunks = (bigBytes + 511) / 512

        let scan = scanner(container, concurrency: 8) { $0.streamingThreshold = 4096 }
        var collected: [DeadLetter] = []
        var chunksAtFirstBigEvent: Int?
        let log = container.log
        let summary = try await scan.run { deadLetter in
            if deadLetter.origin.blobName == big, chunksAtFirstBigEvent == nil {
                chunksAtFirstBigEvent = await log.chunks(of: big)
            }
            collected.append(deadLetter)
            return .continue
        }
        XCTAssertEqual(Self.positions(collected), expectedOrder(blobs))
        XCTAssertEqual(summary.matched, collected.count)
        XCTAssertEqual(collected.filter { $0.origin.blobName == big }.map(\.origin.index), Array(0..<300))
        let seen = try XCTUnwrap(chunksAtFirstBigEvent)
        XCTAssertLessThan(seen, totalChunks, "the first event was handed on after \(seen) of \(totalChunks) chunks: streamed, not buffered")
        XCTAssertEqual(summary.blobsRead, 13)
        XCTAssertEqual(summary.failedBlobs, [])
    }
}
