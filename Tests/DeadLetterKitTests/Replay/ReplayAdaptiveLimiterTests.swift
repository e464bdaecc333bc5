import XCTest
@testable import DeadLetterKit

final class ReplayAdaptiveLimiterTests: XCTestCase {
    func testThrottlingHalvesTheWindowOncePerHoldoff() {
        var limiter = ReplayAdaptiveLimiter(settings: .init(maxConcurrency: 16, holdoff: .seconds(1)))
        XCTAssertEqual(limiter.allowedConcurrency, 16)
        limiter.recordThrottle(now: .seconds(10), retryAfter: nil, observedRate: 500)
        XCTAssertEqual(limiter.allowedConcurrency, 8)
        // The other batches that were in flight come back throttled too: same signal, no further cut.
        for _ in 0..<7 { limiter.recordThrottle(now: .milliseconds(10_200), retryAfter: nil, observedRate: 500) }
        XCTAssertEqual(limiter.allowedConcurrency, 8)
        XCTAssertEqual(limiter.throttleSignals, 8)
        XCTAssertEqual(limiter.decreases, 1)
        limiter.recordThrottle(now: .seconds(12), retryAfter: nil, observedRate: 500)
        XCTAssertEqual(limiter.allowedConcurrency, 4)
    }

    func testAdditiveIncreaseRecoversTheWindow() {
        var limiter = ReplayAdaptiveLimiter(settings: .init(maxConcurrency: 8))
        limiter.recordThrottle(now: .zero, retryAfter: nil, observedRate: 100)
        XCTAssertEqual(limiter.allowedConcurrency, 4)
        // About one more batch per window's worth of acknowledgements.
        for _ in 0..<5 { limiter.recordSuccess(now: .seconds(5)) }
        XCTAssertEqual(limiter.allowedConcurrency, 5)
        for _ in 0..<100 { limiter.recordSuccess(now: .seconds(6)) }
        XCTAssertEqual(limiter.allowedConcurrency, 8, "never above --concurrency")
    }

    func testAtOneBatchInFlightTheRateIsCutThenReleased() {
        var limiter = ReplayAdaptiveLimiter(settings: .init(maxConcurrency: 1, holdoff: .zero, rateIncreaseFraction: 0.1))
        XCTAssertNil(limiter.rateCeiling)
        limiter.recordThrottle(now: .seconds(1), retryAfter: nil, observedRate: 400)
        XCTAssertEqual(limiter.rateCeiling, 200)
        limiter.recordThrottle(now: .seconds(2), retryAfter: nil, observedRate: 150)
        XCTAssertEqual(limiter.rateCeiling, 100, "halved again from the ceiling, not from the measurement")
        // Each acknowledged batch raises it by 10 % of the rate first cut from (400 → 40/batch) until 2 × 400.
        limiter.recordSuccess(now: .seconds(3))
        XCTAssertEqual(limiter.rateCeiling, 140)
        for _ in 0..<20 { limiter.recordSuccess(now: .seconds(4)) }
        XCTAssertNil(limiter.rateCeiling, "lifted once it is back above twice the rate that was being achieved")
        XCTAssertEqual(limiter.allowedConcurrency, 1)
    }

    func testRateCeilingNeverBelowTheMinimum() {
        var limiter = ReplayAdaptiveLimiter(settings: .init(maxConcurrency: 1, holdoff: .zero, minimumRate: 2))
        for second in 1...30 { limiter.recordThrottle(now: .seconds(second), retryAfter: nil, observedRate: 0) }
        XCTAssertEqual(limiter.rateCeiling, 2)
    }

    func testRetryAfterPausesEveryone() {
        var limiter = ReplayAdaptiveLimiter(settings: .init(maxConcurrency: 4))
        limiter.recordThrottle(now: .seconds(10), retryAfter: .seconds(3), observedRate: 0)
        XCTAssertEqual(limiter.pause(now: .seconds(11)), .seconds(2))
        // A shorter Retry-After does not shorten the pause.
        limiter.recordThrottle(now: .seconds(11), retryAfter: .seconds(1), observedRate: 0)
        XCTAssertEqual(limiter.pause(now: .seconds(11)), .seconds(2))
        XCTAssertEqual(limiter.pause(now: .seconds(14)), .zero)
    }
}
