import Foundation

/// Renders a section report as a plain-text table followed by its checks, for the terminal.
enum BenchTable {
    static func render(_ report: BenchSectionReport) -> String {
        var out = "== \(report.section): \(report.title) ==\n"
        if let reason = report.skipped {
            return out + "skipped: \(reason)\n"
        }
        let headers = ["" ] + report.columns.map { $0.unit.isEmpty ? $0.header : "\($0.header) (\($0.unit))" }
        var grid: [[String]] = [headers]
        for row in report.rows {
            grid.append([row.label] + report.columns.map { cell(row, $0) })
        }
        let widths = (0..<headers.count).map { column in grid.map { $0[column].count }.max() ?? 0 }
        for (index, line) in grid.enumerated() {
            let cells = line.enumerated().map { column, text in
                column == 0 ? text.padding(toLength: widths[0], withPad: " ", startingAt: 0) : pad(left: text, widths[column])
            }
            out += cells.joined(separator: "  ") + "\n"
            if index == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        if !report.checks.isEmpty {
            out += "\n"
            for check in report.checks { out += "  " + describe(check) + "\n" }
        }
        for note in report.notes { out += "  note: \(note)\n" }
        return out
    }

    static func describe(_ check: BenchCheck) -> String {
        let value = format(check.value, decimals: check.value < 10 ? 2 : 1) + (check.unit == "×" ? "×" : " \(check.unit)")
        guard let goal = check.goal, let comparison = check.comparison, let met = check.met else {
            return "\(check.name): \(value)"
        }
        let goalText = format(goal, decimals: goal < 10 && goal != goal.rounded() ? 2 : 0) + (check.unit == "×" ? "×" : " \(check.unit)")
        return "\(check.name): \(value)   goal \(comparison.rawValue) \(goalText)   \(met ? "MET" : "MISSED")"
    }

    private static func cell(_ row: BenchRow, _ column: BenchColumn) -> String {
        if let text = row.text[column.key] { return text }
        guard let value = row.values[column.key] else { return "–" }
        return format(value, decimals: column.decimals)
    }

    /// Thousands separated with a thin space-free comma, fixed decimals.
    static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        let text = String(format: "%.\(decimals)f", value)
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        let negative = integer.hasPrefix("-")
        if negative { integer.removeFirst() }
        var grouped = ""
        for (offset, character) in integer.reversed().enumerated() {
            if offset > 0 && offset % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        let result = (negative ? "-" : "") + String(grouped.reversed())
        return parts.count > 1 ? result + "." + parts[1] : result
    }

    private static func pad(left text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
