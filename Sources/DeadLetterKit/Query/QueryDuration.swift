import Foundation

/// Durations as users write them on the command line and in `--where`: one or more `<number><unit>` parts,
/// units `s` `m` `h` `d` `w` (seconds, minutes, hours, days of 24 h, weeks of 7 days), e.g. `90s`, `90m`, `6h`, `2d`,
/// `1w`, `1h30m`, `1.5h`. Parts add up; each unit may appear once, largest first, so that `1h30m` reads one way only.
public enum QueryDuration {
    /// 10,000 years; anything longer is refused (`99999999999999999999w` once trapped in `format`).
    static let longest: TimeInterval = 10_000 * 365.25 * 86_400

    /// The duration in seconds, or nil when `text` is not a duration (or is longer than `longest`).
    public static func parse(_ text: String) -> TimeInterval? {
        var scalars = Array(text.unicodeScalars)[...]
        guard let seconds = scan(&scalars), scalars.isEmpty else { return nil }
        return seconds
    }

    /// Reads a duration at the start of `scalars` and consumes it; returns nil, consuming nothing, when there is none.
    /// What may follow it is the caller's business.
    static func scan(_ scalars: inout ArraySlice<Unicode.Scalar>) -> TimeInterval? {
        var cursor = scalars
        var total: TimeInterval = 0
        var parts = 0
        var previousUnit = TimeInterval.infinity
        while let first = cursor.first, isDigit(first) {
            var number = ""
            while let scalar = cursor.first, isDigit(scalar) || scalar == "." {
                number.unicodeScalars.append(scalar)
                cursor.removeFirst()
            }
            guard let amount = Double(number), let unitScalar = cursor.first, let unit = unitSeconds(unitScalar),
                  unit < previousUnit else { return nil }
            cursor.removeFirst()
            // `ms`, `min`, `hours`…: not units here; reject rather than misread `1ms` as one minute and garbage.
            if let next = cursor.first, next.properties.isAlphabetic { return nil }
            total += amount * unit
            previousUnit = unit
            parts += 1
        }
        // Longer than `longest` is a typo, not a duration, and past Int's range it would trap wherever it is shown.
        guard parts > 0, total <= longest else { return nil }
        scalars = cursor
        return total
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }

    static func unitSeconds(_ scalar: Unicode.Scalar) -> TimeInterval? {
        switch scalar {
        case "s": 1
        case "m": 60
        case "h": 3600
        case "d": 86_400
        case "w": 604_800
        default: nil
        }
    }

    /// `5400` → `1h30m`; for summaries.
    public static func format(_ seconds: TimeInterval) -> String {
        var rest = seconds
        var text = ""
        for (unit, name) in [(604_800.0, "w"), (86_400, "d"), (3600, "h"), (60, "m")] where rest >= unit {
            let count = (rest / unit).rounded(.down)
            text += "\(Int(count))\(name)"
            rest -= count * unit
        }
        rest = (rest * 1000).rounded() / 1000  // `1.1h` is 3960.0000000000005 s: show 1h6m, not 1h6m4.5e-13s
        if rest > 0 || text.isEmpty {
            text += rest == rest.rounded() ? "\(Int(rest))s" : "\(rest)s"
        }
        return text
    }
}
