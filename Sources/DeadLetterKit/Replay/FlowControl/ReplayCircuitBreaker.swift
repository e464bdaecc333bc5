import Foundation

/// Stops sending when the target keeps failing below HTTP. Retries cover a passing blip, but a target that accepts
/// connections and never answers (or refuses them) makes every batch spend its whole retry budget in timeouts: the
/// run then crawls through the source one batch at a time. After `threshold` batches in a row gave up on timeouts or
/// refused connections, the circuit opens: nothing more is sent, and every event not yet acknowledged is recorded
/// as failed with the reason (in `--failed`, ready to replay once the target is back). Any answer from the target
/// (an acknowledged batch, a 4xx for one event) closes the count again.
///
/// `@unchecked Sendable`: the mutable state is guarded by `lock`; it is read on every batch without suspending.
final class ReplayCircuitBreaker: @unchecked Sendable {
    /// Consecutive transport failures that open the circuit; 0 never opens it.
    let threshold: Int
    private let lock = NSLock()
    private var consecutiveFailures = 0
    private var openReason: String?

    init(threshold: Int) {
        self.threshold = max(0, threshold)
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

    /// The target answered (a batch acknowledged, or refused for what it holds): it is reachable.
    func targetAnswered() {
        lock.withLock { consecutiveFailures = 0 }
    }
}
