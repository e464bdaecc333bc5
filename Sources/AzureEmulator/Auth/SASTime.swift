import AzureCore
import Foundation

/// The ISO 8601 UTC forms SAS `st`/`se` take: `2024-01-05`, `2024-01-05T13:00Z`, `2024-01-05T13:00:00Z`,
/// `2024-01-05T13:00:00.1234567Z`.
enum SASTime {
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for b in bytes[range] {
                guard (48...57).contains(b) else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45, let year = number(0..<4), let month = number(5..<7),
              let day = number(8..<10), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = Double(CivilCalendar.daysSince1970(year: year, month: month, day: day) * 86_400)
        if bytes.count == 10 { return Date(timeIntervalSince1970: seconds) }
        guard bytes[10] == 84, bytes.last == 90, let hour = number(11..<13), bytes.count > 13, bytes[13] == 58,
              let minute = number(14..<16), hour < 24, minute < 60 else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if bytes.count == 17 { return Date(timeIntervalSince1970: seconds) }  // …T13:00Z
        guard bytes.count >= 20, bytes[16] == 58, let second = number(17..<19), second < 60 else { return nil }
        seconds += Double(second)
        if bytes.count > 20 {
            guard bytes[19] == 46, let fraction = number(20..<(bytes.count - 1)) else { return nil }
            seconds += Double(fraction) / pow(10, Double(bytes.count - 21))
        }
        return Date(timeIntervalSince1970: seconds)
    }
}
