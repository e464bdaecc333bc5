import XCTest
@testable import DeadLetterKit

/// `forEachOrdered`: output in input order, work continuing past a slow element, and what it holds bounded.
final class OrderedConcurrentMapTests: XCTestCase {
    func testWorkContinuesPastASlowElementUpToTheWindow() async throws {
        // Element 0 finishes only once 12 later elements have: with a window equal to the 4 slots it would wait
        // for ever (until the fail-safe), since nothing after element 3 could start.
        let progress = MapProgress()
        let limits = OrderedMapLimits(running: 4, window: 16)
        var consumed: [Int] = []
        try await forEachOrdered(NumberSequence(count: 100), limits: limits,
                                 transform: progress.holdingTheFirst(untilOthersFinished: 12),
                                 consume: { consumed.append($0) })
        XCTAssertEqual(consumed, Array(0..<100))
        let waitedInVain = await progress.failSafeFired
        XCTAssertFalse(waitedInVain, "elements after the slow one did not run")
        // While element 0 was held, no more than the window was ever started.
        let heldStarts = await progress.startedWhileFirstHeld
        XCTAssertGreaterThanOrEqual(heldStarts, 12)
        XCTAssertLessThanOrEqual(heldStarts, limits.window - 1)
        let peak = await progress.peakRunning
        XCTAssertLessThanOrEqual(peak, limits.running)
    }

    func testTheWindowBoundsWhatIsHeldBetweenStartAndConsumption() async throws {
        let progress = MapProgress()
        let limits = OrderedMapLimits(running: 3, window: 7)
        var consumedCount = 0
        var peakHeld = 0
        try await forEachOrdered(NumberSequence(count: 60), limits: limits, transform: { element in
            await progress.started(element)
            // Late elements finish first, so results wait for earlier ones.
            try await Task.sleep(nanoseconds: UInt64((element % 5 == 0 ? 3_000 : 200) * 1000))
            await progress.finished(element)
            return element
        }, consume: { element in
            XCTAssertEqual(element, consumedCount)
            consumedCount += 1
            let started = await progress.startedCount
            peakHeld = max(peakHeld, started - consumedCount + 1)
        })
        XCTAssertEqual(consumedCount, 60)
        XCTAssertLessThanOrEqual(peakHeld, limits.window)
        let peak = await progress.peakRunning
        XCTAssertLessThanOrEqual(peak, limits.running)
    }

    func testWaitingResultsAreBoundedByWeight() async throws {
        // Each result weighs 10; at most 25 may wait, so while element 0 is held only three results can wait
        // (the third pushes the total over 25 and stops further starts) plus those already running.
        let progress = MapProgress()
        let limits = OrderedMapLimits(running: 2, window: 50, maxWaitingWeight: 25)
        var consumed: [Int] = []
        try await forEachOrdered(NumberSequence(count: 40), limits: limits, weight: { _ in 10 },
                                 transform: progress.holdingTheFirst(untilOthersFinished: 3),
                                 consume: { consumed.append($0) })
        XCTAssertEqual(consumed, Array(0..<40))
        let heldStarts = await progress.startedWhileFirstHeld
        // Three finished and waiting (30 > 25), plus at most one more that was running when the third finished.
        XCTAssertGreaterThanOrEqual(heldStarts, 3)
        XCTAssertLessThanOrEqual(heldStarts, 4)
    }

    func testLimitsAreNeverBelowOne() {
        let limits = OrderedMapLimits(running: 0, window: -3, maxWaitingWeight: -1)
        XCTAssertEqual(limits, OrderedMapLimits(running: 1, window: 1, maxWaitingWeight: 0))
        XCTAssertEqual(OrderedMapLimits(running: 8).window, 8)
    }
}

/// 0, 1, 2, … `count - 1`.
struct NumberSequence: AsyncSequence, Sendable {
    typealias Element = Int
    let count: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var next = 0
        let count: Int
        mutating func next() async -> Int? {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(count: count) }
}

/// What the transforms did: how many started and finished, the most running at once, and a wait for element 0 that
/// ends when enough others have finished (or, so that a regression fails instead of hanging, after 10 s).
actor MapProgress {
    private(set) var startedCount = 0
    private var finishedCount = 0
    private var running = 0
    private(set) var peakRunning = 0
    private(set) var failSafeFired = false
    /// Elements other than 0 started before element 0 finished.
    private(set) var startedWhileFirstHeld = 0
    private var waiter: (target: Int, continuation: CheckedContinuation<Void, Never>)?

    func started(_ element: Int) {
        startedCount += 1
        running += 1
        peakRunning = max(peakRunning, running)
    }

    func finished(_ element: Int) {
        running -= 1
        if element == 0 {
            startedWhileFirstHeld = startedCount - 1
            return
        }
        finishedCount += 1
        if let waiter, finishedCount >= waiter.target {
            self.waiter = nil
            waiter.continuation.resume()
        }
    }

    /// A transform that returns its element at once, except element 0, which waits until `count` others finished.
    nonisolated func holdingTheFirst(untilOthersFinished count: Int) -> @Sendable (Int) async -> Int {
        { element in
            await self.started(element)
            if element == 0 { await self.waitUntilFinished(count) }
            await self.finished(element)
            return element
        }
    }

    func waitUntilFinished(_ target: Int) async {
        guard finishedCount < target else { return }
        let failSafe = Task { [weak self] in
            try await Task.sleep(nanoseconds: 10_000_000_000)
            await self?.fireFailSafe()
        }
        await withCheckedContinuation { waiter = (target, $0) }
        failSafe.cancel()
    }

    private func fireFailSafe() {
        guard let waiter else { return }
        failSafeFired = true
        self.waiter = nil
        waiter.continuation.resume()
    }
}
