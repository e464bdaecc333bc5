import Foundation

/// The CLI's handle to stop a running replay (it calls `requestStop()` from its SIGINT/SIGTERM handler).
///
/// A graceful stop takes no new events, lets the batches in flight finish (within `drainTimeout`), flushes the
/// journal and returns the summary; `requestStop(immediately: true)` (a second Ctrl-C) abandons the batches in
/// flight at once. Cancelling the task that runs the replay is an immediate stop too.
///
/// `@unchecked Sendable`: the mutable state is guarded by `lock`.
public final class ReplayCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var mode: Mode?
    private var observers: [@Sendable (_ immediately: Bool) -> Void] = []

    enum Mode: Equatable {
        case graceful
        case immediate
    }

    public init() {}

    public func requestStop(immediately: Bool = false) {
        let notify: [@Sendable (Bool) -> Void] = lock.withLock {
            let wanted: Mode = immediately ? .immediate : .graceful
            guard mode != .immediate, mode != wanted else { return [] }
            mode = wanted
            return observers
        }
        for observer in notify { observer(immediately) }
    }

    public var isStopRequested: Bool { lock.withLock { mode != nil } }

    /// Calls `observer` on every (escalating) stop request, at once if one was already made.
    func observe(_ observer: @escaping @Sendable (_ immediately: Bool) -> Void) {
        let current: Mode? = lock.withLock {
            observers.append(observer)
            return mode
        }
        if let current { observer(current == .immediate) }
    }
}
