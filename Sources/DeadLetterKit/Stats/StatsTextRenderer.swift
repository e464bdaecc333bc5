/// The `stats` report for a terminal: totals, first and last seen, and the nested groups as aligned columns with
/// counts and shares of the total. The histogram is drawn by `StatsHistogramRenderer`.
public enum StatsTextRenderer {
    /// Lines end in newlines; sections are separated by a blank line.
    public static func render(_ report: StatsReport, maxLabelWidth: Int = 60) -> String {
        var sections = [overview(report)]
        if !report.dimensions.isEmpty && report.total > 0 {
            sections.append(groupTable(report, maxLabelWidth: maxLabelWidth))
        }
        return sections.joined(separator: "\n")
    }

    /// The report followed by the histogram, for `stats` without `--format json`.
    public static func renderWithHistogram(_ report: StatsReport, barWidth: Int = StatsHistogramRenderer.defaultBarWidth,
                                           maxLabelWidth: Int = 60) -> String {
        let histogram = StatsHistogramRenderer.render(report.histogram, barWidth: barWidth)
        return render(report, maxLabelWidth: maxLabelWidth) + (histogram.isEmpty ? "" : "\n" + histogram)
    }

    static func overview(_ report: StatsReport) -> String {
        var text = report.total == 1 ? "1 dead letter\n" : "\(report.total) dead letters\n"
        var rows: [[String]] = []
        if let times = report.eventTimes {
            rows.append(["event time", RFC3339.format(times.first), RFC3339.format(times.last)])
        }
        if let times = report.deadLetteredTimes {
            rows.append(["dead-lettered", RFC3339.format(times.first), RFC3339.format(times.last)])
        }
        if !rows.isEmpty {
            let columns = [TableRenderer.Column(""), TableRenderer.Column("first seen"), TableRenderer.Column("last seen")]
            text += TableRenderer.render(columns: columns, rows: rows)
        }
        let placed = report.withoutEventTime - report.withoutAnyTime
        if placed > 0 {
            text += "\(placed) without an event time of their own, placed in time by when they were dead-lettered\n"
        }
        if report.withoutAnyTime > 0 {
            text += "\(report.withoutAnyTime) without any time, left out of the histogram\n"
        }
        return text
    }

    static func groupTable(_ report: StatsReport, maxLabelWidth: Int) -> String {
        var rows: [[String]] = []
        func addRows(_ groups: [StatsGroup], depth: Int) {
            for group in groups {
                let label = String(repeating: "  ", count: depth) + group.key.label
                rows.append([label, String(group.count), percentage(group.count, of: report.total)])
                addRows(group.children, depth: depth + 1)
            }
        }
        addRows(report.groups, depth: 0)
        let columns = [
            TableRenderer.Column(report.dimensions.map(\.rawValue).joined(separator: " / "), maxWidth: maxLabelWidth),
            TableRenderer.Column("count", alignment: .right),
            TableRenderer.Column("share", alignment: .right),
        ]
        return TableRenderer.render(columns: columns, rows: rows)
    }

    /// `83.3%`, rounded to a tenth, in integer arithmetic so that it never prints `100.0%` for less than all.
    static func percentage(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "-" }
        let tenths = count == total ? 1000 : min(999, (count * 1000 + total / 2) / total)
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
