import Foundation

/// UTC hour and day arithmetic and the labels stats use for them, without Foundation's Calendar.
enum StatsClock {
    /// Whole hours since 1970-01-01T00:00Z, rounded down (also before 1970).
    static func hourIndex(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 3600).rounded(.down))
    }

    static func dayIndex(hour: Int) -> Int {
        floorDivide(hour, 24)
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    static func date(hour: Int) -> Date {
        Date(timeIntervalSince1970: Double(hour) * 3600)
    }

    /// `2024-01-05 13:00`
    static func hourLabel(_ hour: Int) -> String {
        let day = dayIndex(hour: hour)
        return dayLabel(day) + " " + twoDigits(hour - day * 24) + ":00"
    }

    /// `2024-01-05`
    static func dayLabel(_ day: Int) -> String {
        let (year, month, dayOfMonth) = RFC3339.civilDate(daysSince1970: day)
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + twoDigits(month) + "-" + twoDigits(dayOfMonth)
    }

    /// RFC 3339 for JSON output: seconds, with a fraction only when there is one (up to microseconds).
    static func timestamp(_ date: Date) -> String {
        let precise = RFC3339.format(date, fractionDigits: 6)
        guard let dot = precise.firstIndex(of: ".") else { return precise }
        var fraction = precise[precise.index(after: dot)..<precise.index(before: precise.endIndex)]
        while fraction.last == "0" { fraction = fraction.dropLast() }
        return String(precise[..<dot]) + (fraction.isEmpty ? "" : "." + fraction) + "Z"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
