import Foundation

/// A field value as the query engine compares it. Comparisons are typed: text with text, numbers with numbers, times
/// with times; the one conversion is that text is read as an RFC 3339 time when compared with a time.
public enum QueryValue: Sendable, Equatable {
    case string(String)
    /// The value and its text as written in the event (kept so that large integers and exact decimals can be shown as
    /// they were; comparisons use the `Double`).
    case number(Double, text: String)
    case bool(Bool)
    case time(Date)
    case list([QueryValue])
    case null

    /// A number whose text is Swift's rendering of it; for values built in code rather than read from JSON.
    public static func number(_ value: Double) -> QueryValue {
        let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        return .number(value, text: text)
    }
}
