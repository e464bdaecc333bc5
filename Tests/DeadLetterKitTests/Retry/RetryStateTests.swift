import AzureCore
import XCTest
@testable import DeadLetterKit

final class RetryStateTests: XCTestCase {
    private let policy = RetryPolicy(maxAttempts: 6, maxTotalTime: .seconds(120), baseDelay: .milliseconds(200),
                                     maxDelay: .seconds(15), maxRetryAfter: .seconds(60))

    func testBackoffStaysWithinTheDoublingCeilingForManySeeds() {
        for seed in UInt64(0)..<200 {
            var state = RetryState(policy: policy, isIdempotent: true, random: SplitMix64(seed: seed))
            for retryIndex in 0..<5 {
                let ceiling = min(0.2 * pow(2, Double(retryIndex)), 15)
                guard case .retry(let delay) = state.decide(after: .status(503, retryAfter: nil), elapsed: .zero) else {
                    return XCTFail("expected a retry at index \(retryIndex)")
                }
                XCTAssertGreaterThanOrEqual(delay, .zero)
                XCTAssertLessThanOrEqual(delay.retrySeconds, ceiling + 1e-9, "seed \(seed) retry \(retryIndex)")
            }
        }
    }

    func testFullJitterSpansTheWholeRange() {
        var high = RetryState(policy: policy, isIdempotent: true, random: RetryTestConstantRandom(word: .max))
        var low = RetryState(policy: policy, isIdempotent: true, random: RetryTestConstantRandom(word: 0))
        let expectedCeilings = [0.2, 0.4, 0.8, 1.6, 3.2]
        for ceiling in expectedCeilings {
            guard case .retry(let top) = high.decide(after: .connection(.connectionReset), elapsed: .zero),
                  case .retry(let bottom) = low.decide(after: .connection(.connectionReset), elapsed: .zero) else {
                return XCTFail("expected retries")
            }
            XCTAssertEqual(top.retrySeconds, ceiling, accuracy: 0.001)
            XCTAssertEqual(bottom.retrySeconds, 0, accuracy: 0.001)
        }
    }

    func testCeilingIsCappedAtMaxDelay() {
        let state = RetryState(policy: policy, isIdempotent: true)
        XCTAssertEqual(state.backoffCeiling(retryIndex: 3).retrySeconds, 1.6, accuracy: 1e-9)
        XCTAssertEqual(state.backoffCeiling(retryIndex: 10), .seconds(15))
        XCTAssertEqual(state.backoffCeiling(retryIndex: 500), .seconds(15))
    }

    func testRetryAfterSecondsIsHonoured() {
        var state = RetryState(policy: policy, isIdempotent: true, random: RetryTestConstantRandom(word: 0))
        XCTAssertEqual(state.decide(after: .status(503, retryAfter: .seconds(7)), elapsed: .seconds(1)), .retry(after: .seconds(7)))
        XCTAssertEqual(state.attempts, 2)
    }

    func testRetryAfterDateIsRelativeToNow() {
        var state = RetryState(policy: policy, isIdempotent: true)
        let now = 1_704_459_731.0  // Fri, 05 Jan 2024 13:02:11 GMT
        let header = RetryAfter.parse("Fri, 05 Jan 2024 13:02:21 GMT")
        XCTAssertEqual(header, .date(secondsSince1970: 1_704_459_741))
        XCTAssertEqual(state.decide(after: .status(429, retryAfter: header), elapsed: .zero, nowSecondsSince1970: now),
                       .retry(after: .seconds(10)))
        // A date in the past means "now".
        XCTAssertEqual(state.decide(after: .status(429, retryAfter: header), elapsed: .zero, nowSecondsSince1970: now + 60),
                       .retry(after: .zero))
    }

    func testRetryAfterIsCapped() {
        var state = RetryState(policy: policy, isIdempotent: true)
        XCTAssertEqual(state.decide(after: .status(503, retryAfter: .seconds(3600)), elapsed: .zero), .retry(after: .seconds(60)))
    }

    func testRetryAfterParsing() {
        XCTAssertEqual(RetryAfter.parse("120"), .seconds(120))
        XCTAssertEqual(RetryAfter.parse(" 0 "), .seconds(0))
        XCTAssertNil(RetryAfter.parse("-5"))
        XCTAssertNil(RetryAfter.parse("soon"))
        XCTAssertEqual(RetryAfter.parse("Thu, 01 Jan 1970 00:01:00 GMT"), .date(secondsSince1970: 60))
    }

    func testRetryableStatusesAndOthers() {
        for status in [408, 429, 500, 502, 503, 504] {
            var state = RetryState(policy: policy, isIdempotent: true)
            guard case .retry = state.decide(after: .status(status, retryAfter: nil), elapsed: .zero) else {
                return XCTFail("\(status) should be retried")
            }
        }
        for status in [400, 401, 403, 404, 409, 412, 501] {
            var state = RetryState(policy: policy, isIdempotent: true)
            XCTAssertEqual(state.decide(after: .status(status, retryAfter: .seconds(1)), elapsed: .zero), .giveUp(.notRetryable), "\(status)")
        }
        var state = RetryState(policy: policy, isIdempotent: true)
        XCTAssertEqual(state.decide(after: .permanent, elapsed: .zero), .giveUp(.notRetryable))
    }

    func testEveryConnectionFailureIsRetriedWhenIdempotent() {
        for failure in [RetryOutcome.ConnectionFailure.connectFailed, .connectionReset, .readTimeout, .truncatedBody] {
            var state = RetryState(policy: policy, isIdempotent: true)
            guard case .retry = state.decide(after: .connection(failure), elapsed: .zero) else { return XCTFail("\(failure)") }
        }
    }

    func testNonIdempotentRequestsAreNotRetried() {
        XCTAssertFalse(RetryPolicy.isIdempotent(method: "POST"))
        XCTAssertTrue(["GET", "HEAD", "PUT", "DELETE", "get"].allSatisfy(RetryPolicy.isIdempotent(method:)))
        var state = RetryState(policy: policy, isIdempotent: false)
        XCTAssertEqual(state.decide(after: .status(503, retryAfter: nil), elapsed: .zero), .giveUp(.notIdempotent))
        XCTAssertEqual(state.decide(after: .connection(.connectionReset), elapsed: .zero), .giveUp(.notIdempotent))
        // A non-transient status is reported as such, not as "not idempotent".
        XCTAssertEqual(state.decide(after: .status(400, retryAfter: nil), elapsed: .zero), .giveUp(.notRetryable))
    }

    func testAttemptsAreCapped() {
        var state = RetryState(policy: policy, isIdempotent: true)
        var retries = 0
        while case .retry = state.decide(after: .status(500, retryAfter: nil), elapsed: .zero) { retries += 1 }
        XCTAssertEqual(retries, 5, "6 attempts = 5 retries")
        XCTAssertEqual(state.decide(after: .status(500, retryAfter: nil), elapsed: .zero), .giveUp(.attemptsExhausted(attempts: 6)))
        var single = RetryState(policy: .never, isIdempotent: true)
        XCTAssertEqual(single.decide(after: .status(500, retryAfter: nil), elapsed: .zero), .giveUp(.attemptsExhausted(attempts: 1)))
    }

    func testTotalTimeIsCapped() {
        var state = RetryState(policy: policy, isIdempotent: true)
        XCTAssertEqual(state.decide(after: .status(503, retryAfter: .seconds(30)), elapsed: .seconds(95)),
                       .giveUp(.timeBudgetExhausted(elapsed: .seconds(95), limit: .seconds(120))))
        XCTAssertEqual(state.attempts, 1, "giving up does not count an attempt")
        XCTAssertEqual(state.decide(after: .status(503, retryAfter: .seconds(30)), elapsed: .seconds(80)), .retry(after: .seconds(30)))
    }

    func testGiveUpReasonsReadWell() {
        XCTAssertEqual(RetryGiveUpReason.attemptsExhausted(attempts: 6).description, "gave up after 6 attempts")
        XCTAssertEqual(RetryGiveUpReason.timeBudgetExhausted(elapsed: .milliseconds(121_500), limit: .seconds(120)).description,
                       "gave up after 121.5 s (retry budget 120.0 s)")
    }
}
