/// The histogram as Unicode block bars, one line per bucket, so that an outage's shape shows at a glance:
///
///     2024-01-05 13:00  ███████▍ 1234
///
/// Bars are scaled so the largest bucket fills `barWidth` columns, in eighths of a column; a bucket with any dead
/// letters gets at least an eighth, so a trickle is never drawn as nothing.
public enum StatsHistogramRenderer {
    public static let defaultBarWidth = 60
    /// One to eight eighths of a column.
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// A heading and one line per bucket, each ending in a newline; empty when nothing had a time.
    public static func render(_ histogram: StatsHistogram, barWidth: Int = defaultBarWidth) -> String {
        guard !histogram.buckets.isEmpty else { return "" }
        let largest = histogram.buckets.map(\.count).max() ?? 0
        var text = "dead letters per \(histogram.bucketName) (event time; dead-letter time for events without one)\n"
        for bucket in histogram.buckets {
            let bar = self.bar(count: bucket.count, largest: largest, width: max(1, barWidth))
            text += histogram.label(of: bucket) + "  " + (bar.isEmpty ? "" : bar + " ") + String(bucket.count) + "\n"
        }
        return text
    }

    /// The bar width that fits a terminal `columns` wide next to the labels and counts; `defaultBarWidth` when
    /// there is no terminal.
    public static func barWidth(for histogram: StatsHistogram, terminalColumns columns: Int?) -> Int {
        guard let columns else { return defaultBarWidth }
        let labelWidth = histogram.buckets.first.map { histogram.label(of: $0).count } ?? 16
        let countWidth = String(histogram.buckets.map(\.count).max() ?? 0).count
        // Label, two spaces, bar, a space, the count, and one column spare so that the line never wraps.
        return max(10, columns - labelWidth - 2 - 1 - countWidth - 1)
    }

    static func bar(count: Int, largest: Int, width: Int) -> String {
        guard count > 0, largest > 0 else { return "" }
        var units = Int((Double(count) / Double(largest) * Double(width * 8)).rounded())
        units = max(1, min(units, width * 8))
        var bar = String(repeating: "█", count: units / 8)
        if units % 8 > 0 { bar.append(eighths[units % 8 - 1]) }
        return bar
    }
}
