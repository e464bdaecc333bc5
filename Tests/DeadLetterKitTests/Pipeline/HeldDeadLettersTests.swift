import XCTest
@testable import DeadLetterKit

/// The bound on what a blob decoded in parallel may hold: a blob of many small events is streamed in order instead
/// of being held whole, with the same output and accounting.
final class HeldDeadLettersTests: XCTestCase {
    private static func tinyEvents(_ prefix: String, count: Int) -> String {
        "[" + (0..<count).map { #"{"specversion":"1.0","id":"\#(prefix)#\#($0)","type":"t","source":"s"}"# }.joined(separator: ",") + "]"
    }

    private static func deadLetters(_ text: String) throws -> [DeadLetter] {
        var decoder = DeadLetterDecoder(origin: DeadLetterOrigin(source: "test", blobName: "b.json"), input: .blob,
                                        options: JSONDecodingOptions())
        var result: [DeadLetter] = []
        let collect: (DeadLetterDecoder.Item) -> Void = { item in
            if case .deadLetter(let deadLetter) = item { result.append(deadLetter) }
        }
        try decoder.feed(Array(text.utf8), collect)
        try decoder.finish(collect)
        return result
    }

    func testTheBudgetIsAShareOfOneTotalWithAFloor() {
        XCTAssertEqual(BlobHoldBudget(concurrency: 1).maxBytesPerBlob, BlobHoldBudget.totalBytes)
        XCTAssertEqual(BlobHoldBudget(concurrency: 32).maxBytesPerBlob, BlobHoldBudget.totalBytes / 32)
        XCTAssertEqual(BlobHoldBudget(concurrency: 1024).maxBytesPerBlob, BlobHoldBudget.minimumPerBlob)
    }

    func testHoldingStopsOnceTheEstimateExceedsTheBudgetAndKeepsNothing() throws {
        let letters = try Self.deadLetters(Self.tinyEvents("b", count: 100))
        let each = BlobHoldBudget.estimatedSize(of: letters[0])
        XCTAssertGreaterThan(each, BlobHoldBudget.perDeadLetterOverhead)
        var held = HeldDeadLetters(budget: BlobHoldBudget(maxBytesPerBlob: each * 10))
        XCTAssertNoThrow(try held.hold(Array(letters[0..<6])))
        XCTAssertNoThrow(try held.hold(Array(letters[6..<10])))
        XCTAssertEqual(held.deadLetters.count, 10, "exactly at the budget is still held")
        XCTAssertThrowsError(try held.hold(Array(letters[10..<12])))
        XCTAssertTrue(held.deadLetters.isEmpty, "what was held is let go: the blob is read again as a stream")
    }

    /// 3,000 tiny events (~1.7 MB estimated) against the 256 KiB floor at concurrency 64: the blob is streamed in
    /// order by the consumer, between the blobs around it, with the same accounting as a serial scan.
    func testABlobOverTheBudgetIsStreamedInOrderWithTheSameAccounting() async throws {
        let big = "ep-1/2026/1/10/5/b-big.json"
        var blobs = ScannerTestEvents.container(blobs: 12)
        blobs.append((big, Self.tinyEvents(big, count: 3000)))
        let container = ScannerTestContainer(texts: blobs)
        func scan(concurrency: Int) async throws -> (ids: [String], summary: RunSummary) {
            var options = ScanOptions()
            options.concurrency = concurrency
            let scanner = DeadLetterScanner(source: .container(lister: container, reader: container, description: "memory://test"),
                                            options: options)
            let result = try await scanner.collect()
            return (result.deadLetters.map { $0.attributes.id ?? "?" }, result.summary)
        }
        let serial = try await scan(concurrency: 1)
        let parallel = try await scan(concurrency: 64)
        XCTAssertEqual(parallel.ids, serial.ids)
        XCTAssertEqual(parallel.ids.filter { $0.hasPrefix(big) }, (0..<3000).map { "\(big)#\($0)" })
        for summary in [serial.summary, parallel.summary] {
            XCTAssertEqual(summary.blobsListed, 13)
            XCTAssertEqual(summary.blobsRead, 13)
            XCTAssertEqual(summary.eventsRead, serial.ids.count)
            XCTAssertEqual(summary.matched, serial.ids.count)
            XCTAssertTrue(summary.failedBlobs.isEmpty)
        }
        // The serial scan holds it (within its 16 MiB); the parallel one gives up at the budget and streams it again.
        let reads = await container.log.startedBlobs.filter { $0 == big }.count
        XCTAssertEqual(reads, 3, "the blob over the parallel scan's budget is read again as a stream")
    }

    func testALimitInsideAStreamedBlobStopsThereAndWithholdsTheRest() async throws {
        let big = "ep-1/2026/1/10/0/b-big.json"
        let container = ScannerTestContainer(texts: [(big, Self.tinyEvents(big, count: 3000))])
        var options = ScanOptions()
        options.concurrency = 64
        let scanner = DeadLetterScanner(source: .container(lister: container, reader: container, description: "memory://test"),
                                        options: options)
        let result = try await scanner.collect { count in count >= 100 ? .stop : .continue }
        XCTAssertEqual(result.deadLetters.map { $0.attributes.id ?? "?" }, (0..<100).map { "\(big)#\($0)" })
        XCTAssertEqual(result.summary.matched, 100)
        XCTAssertEqual(result.summary.eventsRead, result.summary.matched + result.summary.skipped.values.reduce(0, +))
    }
}
