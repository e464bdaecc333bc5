import XCTest
@testable import DeadLetterKit

/// Blob reads retry more often than other requests by default, within the same total-time cap.
final class ReadRetryPolicyTests: XCTestCase {
    func testReadsGetTenAttemptsAndTheSameTimeCapByDefault() {
        let configuration = BlobClientConfiguration()
        let reads = configuration.retryPolicy(for: .read)
        XCTAssertEqual(reads.maxAttempts, 10)
        XCTAssertEqual(reads.maxTotalTime, RetryPolicy.default.maxTotalTime)
        XCTAssertEqual(reads.baseDelay, RetryPolicy.default.baseDelay)
        for operation in [StorageOperation.list, .getProperties, .delete, .setMetadata, .setTags, .copy] {
            XCTAssertEqual(configuration.retryPolicy(for: operation), .default, "\(operation)")
        }
    }

    func testAChosenPolicyAppliesToReadsUnlessReadsHaveTheirOwn() {
        XCTAssertEqual(BlobClientConfiguration(retry: .never).retryPolicy(for: .read), .never)
        let fast = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1))
        XCTAssertEqual(BlobClientConfiguration(retry: fast).retryPolicy(for: .read), fast)
        let own = RetryPolicy(maxAttempts: 4)
        let configuration = BlobClientConfiguration(retry: fast, readRetry: own)
        XCTAssertEqual(configuration.retryPolicy(for: .read), own)
        XCTAssertEqual(configuration.retryPolicy(for: .list), fast)
    }

    func testTheReadPolicyGivesUpAfterTenAttemptsOrAtTheTimeCap() {
        var state = RetryState(policy: .reads, isIdempotent: true, random: RetryTestConstantRandom(word: .max))
        var retries = 0
        var elapsed = Duration.zero
        while case .retry(let delay) = state.decide(after: .status(503, retryAfter: nil), elapsed: elapsed) {
            retries += 1
            elapsed += delay
        }
        XCTAssertEqual(retries, 9)
        // The longest back-off sequence (every delay at its ceiling) stays inside the two-minute cap.
        XCTAssertLessThan(elapsed, RetryPolicy.reads.maxTotalTime)
        XCTAssertEqual(state.decide(after: .status(503, retryAfter: nil), elapsed: elapsed), .giveUp(.attemptsExhausted(attempts: 10)))

        var late = RetryState(policy: .reads, isIdempotent: true, random: RetryTestConstantRandom(word: .max))
        XCTAssertEqual(late.decide(after: .connection(.connectionReset), elapsed: .seconds(119.9)),
                       .giveUp(.timeBudgetExhausted(elapsed: .seconds(119.9), limit: .seconds(120))))
    }
}
