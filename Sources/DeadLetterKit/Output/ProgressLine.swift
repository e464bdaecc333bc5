/// Formats the one-line progress display and decides when it may be redrawn. Pure, so it is tested without a
/// terminal or a clock.
public enum ProgressLine {
    /// At most ten redraws a second: more flickers and costs time for nothing.
    public static let minimumRedrawInterval: Duration = .milliseconds(100)

    /// `blobs 120/500  35.2/s  events 12345  matched 321  elapsed 0:12  ETA 0:25`; while listing continues the
    /// total reads `500+` and there is no ETA. Cut to `width` columns when given, so the line never wraps (a
    /// wrapped line cannot be redrawn in place).
    public static func text(_ counts: ProgressCounts, elapsed: Duration, width: Int? = nil) -> String {
        let seconds = elapsed.secondsValue
        let rate = seconds > 0 ? Double(counts.blobsDone) / seconds : 0
        var parts = ["blobs \(counts.blobsDone)/\(counts.blobsListed)\(counts.listingComplete ? "" : "+")"]
        parts.append("\(formatRate(rate))/s")
        parts.append("events \(counts.events)")
        parts.append("matched \(counts.matched)")
        parts.append("elapsed \(formatClock(seconds))")
        if counts.listingComplete, rate > 0, counts.blobsDone < counts.blobsListed {
            parts.append("ETA \(formatClock(Double(counts.blobsListed - counts.blobsDone) / rate))")
        }
        let line = parts.joined(separator: "  ")
        guard let width else { return line }
        return TerminalText.truncate(line, toWidth: max(1, width - 1))
    }

    /// Whether a redraw at `now` respects the rate limit, given the previous one.
    public static func shouldRedraw(at now: ContinuousClock.Instant, lastRedraw: ContinuousClock.Instant?) -> Bool {
        guard let lastRedraw else { return true }
        return now - lastRedraw >= minimumRedrawInterval
    }

    /// `0:07`, `12:34`, `1:02:03`.
    static func formatClock(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded()))
        let (hours, minutes, secs) = (total / 3600, total % 3600 / 60, total % 60)
        let twoDigitSeconds = secs < 10 ? "0\(secs)" : "\(secs)"
        if hours > 0 {
            return "\(hours):\(minutes < 10 ? "0\(minutes)" : "\(minutes)"):\(twoDigitSeconds)"
        }
        return "\(minutes):\(twoDigitSeconds)"
    }

    /// One decimal below 100 (`35.2`), whole numbers above (`412`).
    static func formatRate(_ rate: Double) -> String {
        guard rate.isFinite, rate >= 0 else { return "0" }
        if rate >= 100 { return String(Int(rate.rounded())) }
        let tenths = Int((rate * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    fileprivate var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
