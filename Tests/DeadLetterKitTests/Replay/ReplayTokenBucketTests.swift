import XCTest
@testable import DeadLetterKit

final class ReplayTokenBucketTests: XCTestCase {
    func testBurstIsAvailableAtOnceThenPaced() {
        var bucket = ReplayTokenBucket(ratePerSecond: 100, burst: 10)
        XCTAssertEqual(bucket.take(10, now: .zero), .zero)
        // The next 10 tokens take a tenth of a second to earn.
        XCTAssertEqual(bucket.take(10, now: .zero), .milliseconds(100))
        // A third caller queues behind the second.
        XCTAssertEqual(bucket.take(10, now: .zero), .milliseconds(200))
    }

    func testRefillIsCappedAtTheBurst() {
        var bucket = ReplayTokenBucket(ratePerSecond: 100, burst: 10)
        _ = bucket.take(10, now: .zero)
        // An hour idle earns only the burst back.
        XCTAssertEqual(bucket.take(10, now: .seconds(3600)), .zero)
        XCTAssertEqual(bucket.take(5, now: .seconds(3600)), .milliseconds(50))
    }

    func testLargerThanBurstIsPacedNotRefused() {
        var bucket = ReplayTokenBucket(ratePerSecond: 1000, burst: 100)
        // A 1000-token request (e.g. a batch of bytes) waits for what it lacks: 900 tokens at 1000/s.
        XCTAssertEqual(bucket.take(1000, now: .zero), .milliseconds(900))
    }

    func testPacingOverTenSecondsHoldsTheRate() {
        // Simulate workers taking batches of 20 at 200/s, each acting when told: 2000 events must take ~9.9 s.
        var bucket = ReplayTokenBucket(ratePerSecond: 200)
        var now = Duration.zero
        var lastAction = Duration.zero
        for _ in 0..<100 {
            let wait = bucket.take(20, now: now)
            now += wait
            lastAction = now
        }
        XCTAssertEqual(lastAction.replaySeconds, 9.9, accuracy: 0.01)
    }

    func testSetRateCreditsEarnedTokensAtTheOldRate() {
        var bucket = ReplayTokenBucket(ratePerSecond: 100, burst: 100)
        _ = bucket.take(100, now: .zero)
        bucket.setRate(10, now: .milliseconds(500))  // 50 tokens earned at 100/s
        XCTAssertEqual(bucket.tokens, 50, accuracy: 1e-9)
        XCTAssertEqual(bucket.waitBeforeTaking(60, now: .milliseconds(500)), .seconds(1))
    }

    func testTimeGoingBackwardsIsIgnored() {
        var bucket = ReplayTokenBucket(ratePerSecond: 10, burst: 1, now: .seconds(5))
        XCTAssertEqual(bucket.take(1, now: .seconds(4)), .zero)
        XCTAssertEqual(bucket.take(1, now: .seconds(4)), .milliseconds(100))
    }
}

final class ReplayRateMeterTests: XCTestCase {
    func testRateOverTheWindow() {
        var meter = ReplayRateMeter(window: .seconds(5))
        for step in 0..<50 { meter.record(10, now: .milliseconds(100 * step)) }
        // 500 events over ~5 s.
        XCTAssertEqual(meter.rate(now: .seconds(5)), 100, accuracy: 5)
    }

    func testOldSamplesAgeOut() {
        var meter = ReplayRateMeter(window: .seconds(2))
        meter.record(1000, now: .zero)
        meter.record(10, now: .seconds(10))
        XCTAssertLessThan(meter.rate(now: .seconds(11)), 20)
        XCTAssertEqual(meter.rate(now: .seconds(30)), 0)
    }
}
