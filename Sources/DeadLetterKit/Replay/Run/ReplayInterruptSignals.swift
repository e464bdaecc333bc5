import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the self-pipe the signal handler reports to. A C signal handler cannot capture state, and
/// `write(2)` is one of the few calls that are safe inside one; everything else happens on the reading thread.
private nonisolated(unsafe) var interruptPipeWriteEnd: Int32 = -1

/// An optional helper for the CLI: SIGINT/SIGTERM stop the replay gracefully (no new batches, in-flight ones
/// finish, the journal is current, the summary prints); a second signal stops it immediately. The library installs
/// nothing by itself; `cancel()` restores the default handling once the run is over.
///
/// A plain handler and a self-pipe rather than a dispatch signal source: on Linux the dispatch source missed signals
/// that arrived on threads it did not watch (seen as a lost second Ctrl-C under load).
///
/// `@unchecked Sendable`: `readEnd` and `active` are guarded by `lock`.
public final class ReplayInterruptSignals: @unchecked Sendable {
    private let lock = NSLock()
    private let signals: [Int32]
    private var active = false

    /// Starts routing `signals` to `cancellation`.
    public init(cancellation: ReplayCancellation, signals: [Int32] = [SIGINT, SIGTERM]) {
        self.signals = signals
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        let readEnd = ends[0]
        interruptPipeWriteEnd = ends[1]
        let reader = Thread {
            var seen = 0
            var buffer = [UInt8](repeating: 0, count: 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, 16) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                seen += count
                cancellation.requestStop(immediately: seen > 1)
            }
            close(readEnd)
        }
        reader.name = "deadletter.replay.signals"
        reader.start()
        for number in signals {
            _ = signal(number) { _ in
                var byte: UInt8 = 1
                _ = write(interruptPipeWriteEnd, &byte, 1)
            }
        }
        active = true
    }

    /// Stops listening and gives the signals their default behaviour back.
    public func cancel() {
        let wasActive: Bool = lock.withLock {
            defer { active = false }
            return active
        }
        guard wasActive else { return }
        for number in signals { _ = signal(number, SIG_DFL) }
        let writeEnd = interruptPipeWriteEnd
        interruptPipeWriteEnd = -1
        close(writeEnd)  // the reader sees end-of-file and exits
    }

    deinit { cancel() }
}
