import Foundation

/// Stops sending when the target keeps failing below HTTP. Retries cover a passing blip, but a target that accepts
/// connections and never answers (or refuses them) makes every batch spend its whole retry budget in timeouts: the
/// run then crawls through the source one batch at a time. After `threshold` batches in a row gave up on timeouts or
/// refused connections, the circuit opens: nothing more is sent, and every event not yet acknowledged is recorded
/// as failed with the reason (in `--failed`, ready to replay once the target is back). Any answer from the target
/// (an acknowledged batch, a 4xx for one event, a 5xx or 429 on any attempt) closes the count again.
///
/// Batches in flight together retry side by side, so when the target hangs from the start, no batch gives up before
/// each has spent its whole retry budget (10 attempts × the request timeout). The circuit therefore also opens on the
/// same evidence counted in attempts: `threshold × attemptsPerBatch` attempts in a row, across all batches, with no
/// answer. That is as many unanswered attempts as `threshold` batches giving up one after the other would have made,
/// reached sooner because they were made in parallel (800 events into a hung sink: 92 s → ~20 s in the soak).
///
/// `@unchecked Sendable`: the mutable state is guarded by `lock`; it is read on every batch without suspending.
final class ReplayCircuitBreaker: @unchecked Sendable {
    /// Consecutive transport failures that open the circuit; 0 never opens it.
    let threshold: Int
    /// Attempts in a row without an answer that open it: `threshold` batches' worth.
    let attemptThreshold: Int
    private let lock = NSLock()
    private var consecutiveFailures = 0
    private var consecutiveUnansweredAttempts = 0
    private var openReason: String?

    init(threshold: Int, attemptsPerBatch: Int) {
        self.threshold = max(0, threshold)
        let (product, overflow) = self.threshold.multipliedReportingOverflow(by: max(1, attemptsPerBatch))
        attemptThreshold = overflow ? Int.max : product
    }

    /// Why the circuit opened; nil while batches are still sent.
    var reason: String? { lock.withLock { openReason } }
    var isOpen: Bool { reason != nil }

    /// A batch gave up after its retries with a timeout or a connection failure as the last outcome.
    func batchFailedInTransport(last: String) {
        lock.withLock {
            consecutiveFailures += 1
            guard threshold > 0, openReason == nil, consecutiveFailures >= threshold else { return }
            let batches = consecutiveFailures == 1 ? "1 batch" : "\(consecutiveFailures) batches in a row"
            openReason = "\(batches) failed with timeouts or connection failures (last: \(last)); "
                + "stopped sending (--max-consecutive-failures \(threshold))"
        }
    }

    /// A batch gave up after `outcome`: a failure below HTTP (a timeout, a refused or lost connection) counts, any
    /// answer of the target (a 5xx or 429 that outlasted the retries) shows it reachable.
    func batchGaveUp(after outcome: RetryOutcome, last: String) {
        if case .connection = outcome { batchFailedInTransport(last: last) } else { targetAnswered() }
    }

    /// One attempt of a batch ended with `outcome`, whether or not the batch will retry: below HTTP it counts toward
    /// the attempt threshold, an answer of any kind shows the target reachable.
    func attemptEnded(with outcome: RetryOutcome, last: String) {
        guard case .connection = outcome else { return targetAnswered() }
        lock.withLock {
            consecutiveUnansweredAttempts += 1
            guard threshold > 0, openReason == nil, consecutiveUnansweredAttempts >= attemptThreshold else { return }
            openReason = "\(consecutiveUnansweredAttempts) attempts in a row, across the batches in flight, got no answer "
                + "(timeouts or connection failures; last: \(last)), as many as \(threshold) batches' retries; "
                + "stopped sending (--max-consecutive-failures \(threshold))"
        }
    }

    /// The target answered (a batch acknowledged, or refused for what it holds): it is reachable.
    func targetAnswered() {
        lock.withLock {
            consecutiveFailures = 0
            consecutiveUnansweredAttempts = 0
        }
    }
}
