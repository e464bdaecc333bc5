import Foundation

/// A timestamp as the event wrote it, plus its parsed value (nil when it does not parse or means "no time").
public struct EventTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// The original text (e.g. `2021-12-09T20:28:52.9795363Z`), kept for display and round trips.
    public var text: String
    public var date: Date?

    public init(text: String) {
        self.text = text
        var copy = text
        date = copy.withUTF8 { EventTimestamp.parse($0) }
    }

    init(text: String, date: Date?) {
        self.text = text
        self.date = date
    }

    public var description: String { text }

    /// RFC 3339 with up to 7+ fractional digits. Event Grid writes `0001-01-01T00:00:00Z` for ADT telemetry,
    /// which has no time: that is nil, not the year 1.
    static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> Date? {
        if utf8.count >= 10 && utf8[0] == UInt8(ascii: "0") && utf8[1] == UInt8(ascii: "0") && utf8[2] == UInt8(ascii: "0")
            && utf8[3] == UInt8(ascii: "1") && utf8[5] == UInt8(ascii: "0") && utf8[6] == UInt8(ascii: "1")
            && utf8[8] == UInt8(ascii: "0") && utf8[9] == UInt8(ascii: "1") { return nil }
        return RFC3339.parse(utf8: utf8)
    }
}
