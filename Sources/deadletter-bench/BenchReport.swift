/// One column of a section's table: which value it shows and how.
struct BenchColumn: Codable, Sendable {
    var key: String
    var header: String
    /// Digits after the decimal point.
    var decimals: Int = 0
    /// "MB/s", "MiB", "s", …; shown in the header and kept in the JSON.
    var unit: String = ""

    init(_ key: String, _ header: String, decimals: Int = 0, unit: String = "") {
        self.key = key
        self.header = header
        self.decimals = decimals
        self.unit = unit
    }
}

/// One measured thing (an implementation, a command, a size): numbers by column key, plus free text cells.
struct BenchRow: Codable, Sendable {
    var label: String
    var values: [String: Double] = [:]
    var text: [String: String] = [:]

    init(_ label: String, values: [String: Double] = [:], text: [String: String] = [:]) {
        self.label = label
        self.values = values
        self.text = text
    }
}

/// A ratio or absolute number compared with the goal (or reported without one).
struct BenchCheck: Codable, Sendable {
    enum Comparison: String, Codable, Sendable {
        case atLeast = ">="
        case atMost = "<="
    }

    var name: String
    var value: Double
    var unit: String
    var goal: Double?
    var comparison: Comparison?

    /// nil when there is no goal.
    var met: Bool? {
        guard let goal, let comparison else { return nil }
        switch comparison {
        case .atLeast: return value >= goal
        case .atMost: return value <= goal
        }
    }

    static func ratio(_ name: String, _ value: Double, atLeast goal: Double? = nil) -> BenchCheck {
        BenchCheck(name: name, value: value, unit: "×", goal: goal, comparison: goal == nil ? nil : .atLeast)
    }

    static func limit(_ name: String, _ value: Double, unit: String, atMost goal: Double) -> BenchCheck {
        BenchCheck(name: name, value: value, unit: unit, goal: goal, comparison: .atMost)
    }

    static func floor(_ name: String, _ value: Double, unit: String, atLeast goal: Double) -> BenchCheck {
        BenchCheck(name: name, value: value, unit: unit, goal: goal, comparison: .atLeast)
    }
}

/// Everything one section measured: the table, the ratios and goals, and notes on what was measured.
struct BenchSectionReport: Codable, Sendable {
    var section: String
    var title: String
    var columns: [BenchColumn]
    var rows: [BenchRow] = []
    var checks: [BenchCheck] = []
    var notes: [String] = []
    /// Set when the section could not run; the message says why.
    var skipped: String?

    init(section: String, title: String, columns: [BenchColumn]) {
        self.section = section
        self.title = title
        self.columns = columns
    }

    static func skipped(_ section: String, title: String, reason: String) -> BenchSectionReport {
        var report = BenchSectionReport(section: section, title: title, columns: [])
        report.skipped = reason
        return report
    }

    func row(_ label: String) -> BenchRow? { rows.first { $0.label == label } }
}

/// The whole run, as written to `.build/bench-results.json`.
struct BenchRunReport: Codable, Sendable {
    var startedAt: String
    var quick: Bool
    var machine: String
    var sections: [BenchSectionReport]
}
