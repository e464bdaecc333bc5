import Foundation

/// `--since` / `--until` values: an RFC 3339 time (`2024-01-05T13:00:00Z`, any offset), a date (`2024-01-05`, meaning
/// midnight UTC), `now`, or a duration (`90m`, `6h`, `2d`, `1h30m`) meaning that long before `now`.
public enum QueryTimeArgument {
    public static func parse(_ text: String, now: Date, option: String = "--since") throws(QueryError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = parseAbsolute(trimmed) { return date }
        if trimmed.lowercased() == "now" { return now }
        if let seconds = QueryDuration.parse(trimmed) { return now.addingTimeInterval(-seconds) }
        throw .invalidTime(option: option, text: text)
    }

    /// RFC 3339 date-time, or a full date (UTC midnight).
    static func parseAbsolute(_ text: String) -> Date? {
        if let date = RFC3339.parse(text) { return date }
        return parseDate(text)
    }

    /// `yyyy-mm-dd` as midnight UTC.
    static func parseDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), (1...12).contains(month),
              day >= 1, day <= RFC3339.daysIn(month: month, year: year) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(RFC3339.daysSince1970(year: year, month: month, day: day) * 86_400))
    }
}
