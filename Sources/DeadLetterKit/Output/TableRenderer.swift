/// Aligned text columns for terminals: `ls` rows, the stats report, the run summary.
///
/// Column widths come from the content, capped per column; longer cells are cut with `…`. For streaming output
/// the widths are fixed from a sample of the first `sampleSize` rows: rows are held until the sample is complete
/// (or `finish()` is called), then printed, and later rows are printed at once in the same widths.
public struct TableRenderer: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var title: String
        public var maxWidth: Int
        public var alignment: Alignment

        public init(_ title: String, maxWidth: Int = 48, alignment: Alignment = .left) {
            self.title = title
            self.maxWidth = max(1, maxWidth)
            self.alignment = alignment
        }
    }

    public let columns: [Column]
    public let sampleSize: Int
    public let showsHeader: Bool
    public let separator: String
    private var widths: [Int]?
    private var sample: [[String]] = []

    public init(columns: [Column], sampleSize: Int = 100, showsHeader: Bool = true, separator: String = "  ") {
        self.columns = columns
        self.sampleSize = max(1, sampleSize)
        self.showsHeader = showsHeader
        self.separator = separator
    }

    /// Adds a row; returns the lines (without newlines) that are ready to print: none while sampling, then the
    /// header and the sampled rows, then one line per row.
    public mutating func append(_ row: [String]) -> [String] {
        let cells = normalized(row)
        if let widths {
            return [line(cells, widths: widths)]
        }
        sample.append(cells)
        return sample.count >= sampleSize ? flushSample() : []
    }

    /// Returns whatever is still held back (the header and a short sample). With no rows at all, the header.
    public mutating func finish() -> [String] {
        widths == nil ? flushSample() : []
    }

    /// The whole table at once, each line ending in a newline.
    public static func render(columns: [Column], rows: [[String]], showsHeader: Bool = true, separator: String = "  ") -> String {
        var table = TableRenderer(columns: columns, sampleSize: max(1, rows.count), showsHeader: showsHeader, separator: separator)
        var lines: [String] = []
        for row in rows { lines += table.append(row) }
        lines += table.finish()
        return lines.map { $0 + "\n" }.joined()
    }

    private mutating func flushSample() -> [String] {
        var widths = columns.map { showsHeader ? TerminalText.width($0.title) : 0 }
        for row in sample {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], TerminalText.width(cell))
            }
        }
        for index in widths.indices {
            widths[index] = min(widths[index], columns[index].maxWidth)
        }
        self.widths = widths
        var lines: [String] = []
        if showsHeader { lines.append(line(columns.map(\.title), widths: widths)) }
        lines += sample.map { line($0, widths: widths) }
        sample = []
        return lines
    }

    /// Exactly one sanitised cell per column: missing cells are empty, extra cells dropped.
    private func normalized(_ row: [String]) -> [String] {
        columns.indices.map { index in
            index < row.count ? TerminalText.sanitize(row[index]) : ""
        }
    }

    private func line(_ cells: [String], widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            let isLast = index == cells.count - 1
            // A last, left-aligned column has nothing after it to push out of line: it may grow to its maximum.
            let limit = isLast && columns[index].alignment == .left ? columns[index].maxWidth : widths[index]
            let fitted = TerminalText.truncate(cell, toWidth: limit)
            if index > 0 { text += separator }
            switch columns[index].alignment {
            case .right:
                text += TerminalText.pad(fitted, toWidth: widths[index], alignRight: true)
            case .left:
                text += isLast ? fitted : TerminalText.pad(fitted, toWidth: widths[index])
            }
        }
        // Empty trailing cells would leave padding at the end of the line.
        while text.last == " " { text.removeLast() }
        return text
    }
}
