import Foundation

/// After a graceful stop, the batches in flight get `drainTimeout` to finish; then the stop becomes immediate and
/// they are abandoned. Holds the timer so the run can cancel it once everything has finished.
///
/// `@unchecked Sendable`: `timer` is guarded by `lock`.
final class ReplayDrainDeadline: @unchecked Sendable {
    private let lock = NSLock()
    private var timer: Task<Void, Never>?
    private var disarmed = false

    func arm(after delay: Duration, _ expire: @escaping @Sendable () -> Void) {
        lock.withLock {
            guard timer == nil, !disarmed else { return }
            timer = Task {
                do { try await Task.sleep(for: delay) } catch { return }
                expire()
            }
        }
    }

    func disarm() {
        lock.withLock {
            disarmed = true
            timer?.cancel()
            timer = nil
        }
    }
}
