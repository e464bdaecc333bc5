import AzureCore
import Foundation

/// Delivers one batch: pacing, the request, and what its answer calls for.
///
/// - 2xx: the journal records the batch (durably) before the events count as sent.
/// - 429 / 503 / 403 QuotaExceeded: not accepted; the flow controller slows down, and the batch is retried after
///   the back-off or `Retry-After`.
/// - Connection refused: nothing arrived; retried.
/// - 500 / 502 / 504 / 408, a reset or timeout after sending: the outcome is unknown. Publishing is not idempotent,
///   so the choice is at-least-once: the batch is retried and, once acknowledged, its events are counted as
///   possible duplicates (Service Bus drops them by MessageId when the entity has duplicate detection). With
///   `retryAmbiguousFailures` off they fail instead ("outcome unknown").
/// - 413 (or Service Bus 403 MessageSizeExceeded): split in two, recursively; a single event fails.
/// - 400 and other 4xx: bisected until the offending events are alone; those fail, the rest are delivered.
/// - 401 / 403, 404 / 410, or no credential: the run stops at once.
/// - Batches giving up on timeouts or connection failures, `maxConsecutiveFailures` in a row (or as many attempts
///   without an answer across the batches in flight): the circuit breaker opens, and this batch and every later one
///   fail as not sent, without another request.
struct ReplayBatchDelivery: Sendable {
    let publisher: ReplayPublisher
    let target: any ReplayTarget
    let configuration: ReplayConfiguration
    let flow: ReplayFlowController
    let ledger: ReplayLedger
    let journal: ReplayJournal?
    let stop: ReplayStopSignal
    let afterActions: ReplayAfterActions
    let breaker: ReplayCircuitBreaker
    let report: @Sendable () async -> Void

    func deliver(_ batch: ReplayBatch) async {
        await deliver(batch, firstAttempt: true)
        await report()
    }

    private func deliver(_ batch: ReplayBatch, firstAttempt: Bool) async {
        var batch = batch
        var retry = RetryState(policy: configuration.retry, isIdempotent: true)
        let started = ContinuousClock.now
        let body = batch.body.bytes
        var first = firstAttempt
        // The last failed attempt of this batch, nil until one was made.
        var previousFailure: String?
        while true {
            if Task.isCancelled || stop.isImmediate { return await interrupted(batch) }
            if let reason = breaker.reason {
                guard let previousFailure else { return await fail(batch, .notSent(reason)) }
                return await fail(batch, .retriesExhausted(attempts: retry.attempts, last: "\(previousFailure); \(reason)",
                                                           mayHaveBeenDelivered: batch.mayBeDuplicate))
            }
            let wait = await flow.reserve(events: batch.items.count, bytes: body.readableBytes)
            if wait > .zero {
                do { try await Task.sleep(for: wait) } catch { return await interrupted(batch) }
            }
            await ledger.attempted(events: batch.items.count, firstAttempt: first)
            first = false
            let outcome: ReplayPublishOutcome
            do { outcome = try await publisher.publish(body) } catch {
                // Cancelled mid-request: the batch may have arrived; the journal does not list it, so a rerun resends it.
                return await interrupted(batch)
            }

            let decisionInput: RetryOutcome
            let lastFailure: String
            switch outcome {
            case .accepted:
                return await commit(batch, requestBytes: body.readableBytes)
            case .throttled(let status, let retryAfter, let message):
                await ledger.throttled()
                let pause = retryAfter.map { $0.delay(nowSecondsSince1970: Date().timeIntervalSince1970) }
                await flow.throttled(retryAfter: pause, observedRate: await ledger.rate())
                // Throttling is retryable whatever the status (a 403 QuotaExceeded included).
                decisionInput = .status(429, retryAfter: retryAfter)
                lastFailure = Self.describe(status: status, message: message)
            case .notDelivered(let failure):
                decisionInput = .connection(failure)
                lastFailure = failure.rawValue
            case .uncertain(let retryOutcome, let message):
                if !configuration.retryAmbiguousFailures {
                    breaker.batchGaveUp(after: retryOutcome, last: message)
                    return await fail(batch, .outcomeUnknown(message))
                }
                batch.mayBeDuplicate = true
                decisionInput = retryOutcome
                if case .status(let status, _) = retryOutcome {
                    lastFailure = Self.describe(status: status, message: message)
                } else {
                    lastFailure = message
                }
            case .tooLarge(let status, let message):
                breaker.targetAnswered()
                guard batch.items.count > 1 else { return await fail(batch, .refusedAsTooLarge(status: status, message: message)) }
                return await split(batch)
            case .rejected(let status, let message):
                breaker.targetAnswered()
                guard batch.items.count > 1 else { return await fail(batch, .rejected(status: status, message: message)) }
                return await split(batch)
            case .unauthorized(let status, let message):
                let text = "the \(target.kind.serviceName) refused \(target.credential) with HTTP \(status)"
                    + (message.isEmpty ? "" : " (\(message))") + "; \(target.credential.remedy)"
                stop.request(.credentialRejected(Redactor.redact(text)), immediately: true)
                return await interrupted(batch)
            case .missingEntity(let status, let message):
                let text = "\(target.displayName) answered HTTP \(status): the \(target.kind.serviceName) does not exist"
                    + (message.isEmpty ? "" : " (\(message))")
                stop.request(.targetMissing(Redactor.redact(text)), immediately: true)
                return await interrupted(batch)
            case .credentialUnavailable(let message):
                stop.request(.credentialRejected("no credential for \(target.displayName): \(message)"), immediately: true)
                return await interrupted(batch)
            }

            previousFailure = lastFailure
            switch retry.decide(after: decisionInput, elapsed: ContinuousClock.now - started) {
            case .retry(let delay):
                breaker.attemptEnded(with: decisionInput, last: lastFailure)
                await ledger.retried()
                do { try await Task.sleep(for: delay) } catch { return await interrupted(batch) }
            case .giveUp(let reason):
                // The batch count first: when batches fail one after the other, its reason is the one to give.
                breaker.batchGaveUp(after: decisionInput, last: lastFailure)
                breaker.attemptEnded(with: decisionInput, last: lastFailure)
                let last: String
                if case .attemptsExhausted = reason { last = lastFailure } else { last = "\(lastFailure) (\(reason))" }
                return await fail(batch, .retriesExhausted(attempts: retry.attempts, last: last, mayHaveBeenDelivered: batch.mayBeDuplicate))
            }
        }
    }

    /// 413: the halves go one after the other in this slot. 400: the same, which bisects down to the bad events.
    private func split(_ batch: ReplayBatch) async {
        await ledger.split()
        let (left, right) = batch.halves()
        await deliver(left, firstAttempt: false)
        await deliver(right, firstAttempt: false)
    }

    private func commit(_ batch: ReplayBatch, requestBytes: Int) async {
        breaker.targetAnswered()
        if let journal {
            do {
                try await journal.recordAcknowledged(batch.items.map(\.entry))
            } catch {
                // Delivered but not recorded: count it as sent, and stop before more deliveries go unrecorded.
                stop.request(.journalFailed(error.description), immediately: true)
            }
        }
        let verdicts = await ledger.acknowledged(batch, requestBytes: requestBytes)
        await flow.acknowledged()
        await apply(verdicts)
    }

    private func fail(_ batch: ReplayBatch, _ failure: ReplayFailure) async {
        await apply(await ledger.failed(batch, failure))
    }

    private func interrupted(_ batch: ReplayBatch) async {
        let why = stop.stopReason.map { "the run stopped (\($0.key))" } ?? "the run stopped"
        await apply(await ledger.failed(batch, .interrupted(why)))
    }

    func apply(_ verdicts: [ReplayBlobTracker.Verdict]) async {
        guard afterActions.isActive else { return }
        for verdict in verdicts {
            let (blob, result) = await afterActions.apply(verdict)
            await ledger.record(blob: blob, result)
        }
    }

    static func describe(status: Int, message: String) -> String {
        "HTTP \(status)" + (message.isEmpty ? "" : " \(message)")
    }
}
