#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The live progress line on standard error: blobs done of total, blobs per second, events, matched, elapsed and
/// an ETA once the total is known.
///
/// Shown only when standard error is a terminal (never in a pipe or a log file) and not `quiet`. Pipeline stages
/// running concurrently report to it, hence an actor. It redraws at most ten times a second, and a ticker keeps
/// the elapsed time moving while downloads are slow. `finish()` clears the line so the summary prints cleanly.
public actor ProgressReporter {
    public nonisolated let isEnabled: Bool
    private let fileDescriptor: Int32
    private let started = ContinuousClock.now
    private var counts = ProgressCounts()
    private var lastRedraw: ContinuousClock.Instant?
    private var lineShown = false
    private var ticker: Task<Void, Never>?
    /// After `finish()` nothing more is drawn, even if a late report arrives.
    private var finished = false

    /// - Parameters:
    ///   - quiet: `--quiet`: never draw.
    ///   - isTerminal: overrides the `isatty` check (tests).
    public init(quiet: Bool, fileDescriptor: Int32 = STDERR_FILENO, isTerminal: Bool? = nil) {
        self.fileDescriptor = fileDescriptor
        self.isEnabled = !quiet && (isTerminal ?? TerminalInfo.isTerminal(fileDescriptor))
    }

    deinit {
        ticker?.cancel()
    }

    public var current: ProgressCounts { counts }

    /// More blobs were found by the listing; `complete` when the listing has finished.
    public func listed(_ count: Int, complete: Bool = false) {
        counts.blobsListed += count
        if complete { counts.listingComplete = true }
        redrawIfDue()
    }

    public func listingFinished() {
        counts.listingComplete = true
        redrawIfDue()
    }

    /// One blob was read, holding `events` events of which `matched` passed the filters.
    public func blobRead(events: Int, matched: Int) {
        counts.blobsDone += 1
        counts.events += events
        counts.matched += matched
        redrawIfDue()
    }

    /// Prints a message (a warning about a bad blob) above the progress line without garbling either.
    public func printAbove(_ message: String) {
        let hadLine = lineShown
        clearLine()
        write(message.hasSuffix("\n") ? message : message + "\n")
        if hadLine { redraw() }
    }

    /// Stops the ticker and clears the line. Call before printing the run summary.
    public func finish() {
        finished = true
        ticker?.cancel()
        ticker = nil
        clearLine()
    }

    private func redrawIfDue() {
        guard isEnabled, !finished else { return }
        startTickerIfNeeded()
        guard ProgressLine.shouldRedraw(at: .now, lastRedraw: lastRedraw) else { return }
        redraw()
    }

    private func redraw() {
        guard isEnabled, !finished else { return }
        let now = ContinuousClock.now
        lastRedraw = now
        let line = ProgressLine.text(counts, elapsed: now - started, width: TerminalInfo.columns(of: fileDescriptor))
        // Carriage return, the line, then erase whatever a longer previous line left to the right.
        write("\r" + line + "\u{1B}[K")
        lineShown = true
    }

    private func clearLine() {
        guard lineShown else { return }
        write("\r\u{1B}[K")
        lineShown = false
    }

    private func startTickerIfNeeded() {
        guard ticker == nil else { return }
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                guard let self, !Task.isCancelled else { return }
                await self.redrawIfDue()
            }
        }
    }

    /// Progress is best effort: a failed write to standard error must not fail the run.
    private func write(_ text: String) {
        let output = FileDescriptorOutput(fileDescriptor: fileDescriptor, name: "standard error")
        _ = try? Array(text.utf8).withUnsafeBytes { try output.write($0) }
    }
}
