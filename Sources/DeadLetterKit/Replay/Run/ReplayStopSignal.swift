import Foundation

/// The run's own stop state: the first reason to stop wins (a user's Ctrl-C, a refused credential, a journal that
/// can no longer be written); later ones may only make the stop more urgent. Observers (the runner's wiring that
/// cancels the producer and the in-flight batches) are told about every change.
///
/// `@unchecked Sendable`: the mutable state is guarded by `lock`.
final class ReplayStopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var reason: ReplayStopReason?
    private var immediate = false
    private var observers: [@Sendable (_ immediately: Bool) -> Void] = []

    func request(_ reason: ReplayStopReason, immediately: Bool) {
        let notify: [@Sendable (Bool) -> Void] = lock.withLock {
            let escalates = immediately && !immediate
            guard self.reason == nil || escalates else { return [] }
            if self.reason == nil { self.reason = reason }
            immediate = immediate || immediately
            return observers
        }
        for observer in notify { observer(immediately) }
    }

    var stopReason: ReplayStopReason? { lock.withLock { reason } }
    var isRequested: Bool { lock.withLock { reason != nil } }
    var isImmediate: Bool { lock.withLock { immediate } }

    func observe(_ observer: @escaping @Sendable (_ immediately: Bool) -> Void) {
        let current: (ReplayStopReason?, Bool) = lock.withLock {
            observers.append(observer)
            return (reason, immediate)
        }
        if current.0 != nil { observer(current.1) }
    }
}
