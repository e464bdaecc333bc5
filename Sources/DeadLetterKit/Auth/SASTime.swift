import AzureCore
import Foundation

/// The ISO 8601 UTC times SAS tokens carry in `st`/`se`: `2024-01-05`, `2024-01-05T13:00Z`, `2024-01-05T13:00:00Z`
/// (fractions and offsets also accepted when reading).
enum SASTime {
    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - days * 86_400
        let (y, m, d) = CivilCalendar.date(daysSince1970: days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    static func parse(_ text: String) -> Date? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.count == 10 { value += "T00:00:00Z" }  // date only
        // hh:mm without seconds: insert them before the zone designator.
        if let t = value.firstIndex(of: "T") {
            let clock = value[value.index(after: t)...]
            let timePart = clock.prefix { $0.isNumber || $0 == ":" }
            if timePart.count == 5 { value.insert(contentsOf: ":00", at: timePart.endIndex) }
        }
        return RFC3339.parse(value)
    }
}
