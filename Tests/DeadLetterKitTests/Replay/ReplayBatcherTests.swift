import XCTest
@testable import DeadLetterKit

final class ReplayBatcherTests: XCTestCase {
    private func items(of decision: ReplayBatcher<Int>.Decision) -> [Int]? {
        if case .ready(let batch, _) = decision { return batch.items }
        return nil
    }

    func testBatchesCloseAtTheByteLimitInSourceOrder() {
        // Request limit 100: [a,b,c] = 2 + sizes + commas.
        var batcher = ReplayBatcher<Int>(limits: ReplayBatchLimits(maxRequestBytes: 100, maxEventBytes: 100, maxEvents: 1000))
        var sent: [[Int]] = []
        for index in 0..<10 {
            if let batch = items(of: batcher.add(index, size: 30)) { sent.append(batch) }
        }
        if let rest = batcher.flush() { sent.append(rest.items) }
        // 3 × 30 + 2 commas + 2 brackets = 94 ≤ 100; a fourth would make 125.
        XCTAssertEqual(sent, [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]])
    }

    func testExactFitIsAllowed() {
        var batcher = ReplayBatcher<Int>(limits: ReplayBatchLimits(maxRequestBytes: 23, maxEventBytes: 100, maxEvents: 10))
        XCTAssertNil(items(of: batcher.add(1, size: 10)))
        XCTAssertNil(items(of: batcher.add(2, size: 10)))  // [10,10] = 23 bytes exactly
        XCTAssertEqual(batcher.pendingRequestBytes, 23)
        XCTAssertEqual(items(of: batcher.add(3, size: 1)), [1, 2])
    }

    func testCountLimitClosesWithTheItem() {
        var batcher = ReplayBatcher<Int>(limits: ReplayBatchLimits(maxRequestBytes: 1000, maxEventBytes: 100, maxEvents: 2))
        XCTAssertNil(items(of: batcher.add(1, size: 5)))
        guard case .ready(let batch, let includesItem) = batcher.add(2, size: 5) else { return XCTFail("expected a batch") }
        XCTAssertEqual(batch.items, [1, 2])
        XCTAssertTrue(includesItem)
        XCTAssertEqual(batch.requestBytes, 13)
        XCTAssertTrue(batcher.isEmpty)
    }

    func testOversizedItemFailsAloneAndLeavesTheOpenBatch() {
        var batcher = ReplayBatcher<Int>(limits: ReplayBatchLimits(maxRequestBytes: 1000, maxEventBytes: 50, maxEvents: 10))
        XCTAssertNil(items(of: batcher.add(1, size: 10)))
        guard case .oversized(let size, let limit) = batcher.add(2, size: 51) else { return XCTFail("expected oversized") }
        XCTAssertEqual(size, 51)
        XCTAssertEqual(limit, 50)
        XCTAssertEqual(batcher.flush()?.items, [1])
    }

    func testAnItemMustFitAloneInARequest() {
        let limits = ReplayBatchLimits(maxRequestBytes: 100, maxEventBytes: 1000, maxEvents: 10)
        XCTAssertEqual(limits.largestItem, 98)
        var batcher = ReplayBatcher<Int>(limits: limits)
        if case .oversized = batcher.add(1, size: 99) {} else { XCTFail("99 + brackets exceeds 100") }
        if case .held = batcher.add(2, size: 98) {} else { XCTFail("98 + brackets fits") }
    }

    func testCappedLimits() {
        let limits = ReplayBatchLimits(maxRequestBytes: 1000, maxEventBytes: 100, maxEvents: 500).capped(maxEvents: 20)
        XCTAssertEqual(limits.maxEvents, 20)
        XCTAssertEqual(ReplayBatchLimits(maxRequestBytes: 1000, maxEventBytes: 100, maxEvents: 5).capped(maxEvents: 20).maxEvents, 5)
    }
}
