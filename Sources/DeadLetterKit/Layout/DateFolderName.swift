import Foundation

/// The numeric folder names of the date part of a dead-letter path: a 4-digit year, then month, day and hour with
/// one or two digits (Event Grid writes `2019/8/8/5`, other writers pad). Only ASCII digits count.
enum DateFolderName {
    static func year(_ text: some StringProtocol) -> Int? {
        guard text.utf8.count == 4, let value = asciiNumber(text), value >= 1 else { return nil }
        return value
    }

    static func month(_ text: some StringProtocol) -> Int? {
        guard let value = shortNumber(text), (1...12).contains(value) else { return nil }
        return value
    }

    static func day(_ text: some StringProtocol, year: Int, month: Int) -> Int? {
        guard let value = shortNumber(text), value >= 1, value <= RFC3339.daysIn(month: month, year: year) else { return nil }
        return value
    }

    static func hour(_ text: some StringProtocol) -> Int? {
        guard let value = shortNumber(text), (0...23).contains(value) else { return nil }
        return value
    }

    /// True for a name made only of ASCII digits: such a folder cannot be an endpoint name (ADT forbids all-digit
    /// names), so the walker never searches below it for groups.
    static func isAllDigits(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    private static func shortNumber(_ text: some StringProtocol) -> Int? {
        let count = text.utf8.count
        guard count == 1 || count == 2 else { return nil }
        return asciiNumber(text)
    }

    private static func asciiNumber(_ text: some StringProtocol) -> Int? {
        guard isAllDigits(text) else { return nil }
        return text.utf8.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    // MARK: Folder intervals (seconds since 1970, UTC)

    static func yearStart(_ year: Int) -> Int { RFC3339.daysSince1970(year: year, month: 1, day: 1) * 86_400 }

    static func monthStart(year: Int, month: Int) -> Int { RFC3339.daysSince1970(year: year, month: month, day: 1) * 86_400 }

    static func nextMonthStart(year: Int, month: Int) -> Int {
        month == 12 ? yearStart(year + 1) : monthStart(year: year, month: month + 1)
    }

    static func dayStart(year: Int, month: Int, day: Int) -> Int { RFC3339.daysSince1970(year: year, month: month, day: day) * 86_400 }

    static func hourStart(year: Int, month: Int, day: Int, hour: Int) -> Date {
        Date(timeIntervalSince1970: Double(dayStart(year: year, month: month, day: day) + hour * 3600))
    }

    static func normalizedHourKey(groupSegments: [String], year: Int, month: Int, day: Int, hour: Int) -> String {
        let group = groupSegments.joined(separator: "/").lowercased()
        return "\(group)/\(RFC3339.pad(year, 4))/\(RFC3339.pad(month, 2))/\(RFC3339.pad(day, 2))/\(RFC3339.pad(hour, 2))"
    }
}
