import AzureCore
import Foundation

/// Azure's clock arithmetic: ETags are the hex of .NET `DateTime.Ticks` (100 ns since 0001-01-01), which is why
/// they look like `0x8DC0F3A2B4C5D6E` (Fixtures/listings/flat-full-properties.xml: `0x8D7093EEFDD4056` is
/// 2019-07-15 16:10:21.3 UTC, its Last-Modified); error messages print times with seven fractional digits.
enum AzureTimestamp {
    /// Ticks between 0001-01-01 and 1970-01-01.
    static let unixEpochTicks: Int64 = 621_355_968_000_000_000

    static func ticks(_ date: Date) -> Int64 {
        unixEpochTicks + Int64((date.timeIntervalSince1970 * 10_000_000).rounded(.down))
    }

    static func ticks(unixNanos: Int64) -> Int64 { unixEpochTicks + unixNanos / 100 }

    static func date(ticks: Int64) -> Date {
        Date(timeIntervalSince1970: Double(ticks - unixEpochTicks) / 10_000_000)
    }

    static func etag(ticks: Int64) -> String { "0x" + String(ticks, radix: 16, uppercase: true) }

    /// `2019-06-13T09:22:47.3391351Z`, as in `RequestId:…\nTime:…` of error messages.
    static func iso8601(_ date: Date) -> String {
        let ticks = ticks(date) - unixEpochTicks
        let seconds = Int(ticks / 10_000_000)
        let fraction = Int(ticks % 10_000_000)
        let (y, m, d) = CivilCalendar.date(daysSince1970: seconds / 86_400)
        let rest = seconds % 86_400
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2)).\(pad(fraction, 7))Z"
    }
}

/// Hands out strictly increasing timestamps, so every write gets a new ETag even within one 100 ns tick.
struct WriteClock: Sendable {
    private var lastTicks: Int64 = 0

    mutating func next(now: Date = Date()) -> (date: Date, etag: String) {
        let ticks = max(AzureTimestamp.ticks(now), lastTicks + 1)
        lastTicks = ticks
        return (AzureTimestamp.date(ticks: ticks), AzureTimestamp.etag(ticks: ticks))
    }
}
