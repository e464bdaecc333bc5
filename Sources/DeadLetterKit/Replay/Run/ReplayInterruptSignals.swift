import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An optional helper for the CLI: SIGINT/SIGTERM stop the replay gracefully (no new batches, in-flight ones
/// finish, the journal is current, the summary prints); a second signal stops it immediately. The library installs
/// nothing by itself; `cancel()` restores the default handling once the run is over.
///
/// `@unchecked Sendable`: `sources` is guarded by `lock`.
public final class ReplayInterruptSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private let signals: [Int32]

    /// Starts routing `signals` to `cancellation`.
    public init(cancellation: ReplayCancellation, signals: [Int32] = [SIGINT, SIGTERM]) {
        self.signals = signals
        let queue = DispatchQueue(label: "deadletter.replay.signals")
        let seen = SignalCount()
        var installed: [DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)  // the dispatch source sees it instead of the default handler (which would exit)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { cancellation.requestStop(immediately: seen.increment() > 1) }
            source.resume()
            installed.append(source)
        }
        sources = installed
    }

    /// Stops listening and gives the signals their default behaviour back.
    public func cancel() {
        let active: [DispatchSourceSignal] = lock.withLock {
            defer { sources = [] }
            return sources
        }
        guard !active.isEmpty else { return }
        for source in active { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    deinit { cancel() }

    /// Counts signals on the handler queue (serial, so a plain counter would do, but the type must be Sendable).
    private final class SignalCount: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() -> Int { lock.withLock { count += 1; return count } }
    }
}
