import DeadLetterKit
import Foundation

/// The live line of a replay on a terminal: sent, acknowledged, failed, rate, ETA. Redrawn at most 10 times a
/// second; progress arrives from many tasks, hence the lock.
final class ReplayProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: ReplayProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        drawn = true
        var line = "replay: \(progress.sent) sent, \(progress.acknowledged) acknowledged, \(progress.failed) failed"
        if progress.skipped > 0 { line += ", \(progress.skipped) skipped (journal)" }
        line += String(format: ", %.0f events/s", progress.eventsPerSecond)
        if let remaining = progress.estimatedRemaining { line += ", ETA \(Int(remaining.components.seconds))s" }
        if progress.throttled > 0 { line += ", throttled \(progress.throttled)×" }
        Stderr.write("\r\u{1B}[2K" + line)
    }

    func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if drawn { Stderr.write("\r\u{1B}[2K") }
    }
}
