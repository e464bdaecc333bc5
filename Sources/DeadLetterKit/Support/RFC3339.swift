import AzureCore
import Foundation

/// RFC 3339 timestamps as Azure writes them: `2024-01-05T13:02:11.1234567Z`, up to 7 (or more) fractional digits,
/// `Z` or a `±hh:mm` offset. Parsed by hand: `ISO8601DateFormatter` accepts at most 3 fractional digits and is slow.
public enum RFC3339 {
    /// Parses a timestamp from its UTF-8 bytes. Returns nil for anything that is not a valid RFC 3339 date-time.
    public static func parse<Bytes: Collection>(utf8 bytes: Bytes) -> Date? where Bytes.Element == UInt8, Bytes.Index == Int {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func digits(_ count: Int) -> Int? {
            guard end - i >= count else { return nil }
            var value = 0
            for _ in 0..<count {
                let d = Int(bytes[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                value = value * 10 + d
                i += 1
            }
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard i < end, bytes[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
              let day = digits(2) else { return nil }
        guard i < end, bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: "t") || bytes[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2), expect(UInt8(ascii: ":")),
              let second = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23, minute <= 59,
              second <= 60 else { return nil }
        var fraction = 0.0
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            var count = 0
            while i < end, bytes[i] >= 48, bytes[i] <= 57 {
                fraction += Double(bytes[i] - 48) * scale
                scale /= 10
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
        }
        guard i < end else { return nil }
        var offsetSeconds = 0
        switch bytes[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2), expect(UInt8(ascii: ":")), let om = digits(2), oh <= 23, om <= 59 else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        default:
            return nil
        }
        guard i == end else { return nil }
        let days = daysSince1970(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    public static func parse(_ text: String) -> Date? {
        var copy = text
        return copy.withUTF8 { parse(utf8: $0) }
    }

    /// Formats as `yyyy-MM-ddTHH:mm:ss[.fffffff]Z` in UTC; `fractionDigits` 0...7.
    public static func format(_ date: Date, fractionDigits: Int = 0) -> String {
        let total = date.timeIntervalSince1970
        var seconds = Int(total.rounded(.down))
        var ticks = 0
        if fractionDigits > 0 {
            let scale = pow(10.0, Double(fractionDigits))
            ticks = Int(((total - Double(seconds)) * scale).rounded())
            if Double(ticks) >= scale { ticks = 0; seconds += 1 }
        }
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = civilDate(daysSince1970: days)
        var text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2))"
        if fractionDigits > 0 { text += "." + pad(ticks, fractionDigits) }
        return text + "Z"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given civil date (proleptic Gregorian, UTC).
    public static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        CivilCalendar.daysSince1970(year: year, month: month, day: day)
    }

    public static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        CivilCalendar.date(daysSince1970: days)
    }
}
