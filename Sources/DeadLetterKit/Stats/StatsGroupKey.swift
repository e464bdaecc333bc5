/// One group's key at one level of `stats --by`.
public enum StatsGroupKey: Hashable, Sendable {
    case text(String)
    /// Hours since 1970-01-01T00:00Z.
    case hour(Int)
    /// Days since 1970-01-01.
    case day(Int)
    /// The dead letter has no value for this dimension (no twin on a lifecycle event of another kind, no time).
    case missing
    /// The groups beyond `--top N` at this level, summed; `keys` is how many there were.
    case other(keys: Int)

    /// How the key reads in the text report: `(none)`, `(other 12)`, `2024-01-05 13:00`.
    public var label: String {
        switch self {
        case .text(let value): return value
        case .hour(let hour): return StatsClock.hourLabel(hour)
        case .day(let day): return StatsClock.dayLabel(day)
        case .missing: return "(none)"
        case .other(let keys): return "(other \(keys))"
        }
    }

    /// Tie-break among groups of equal count: text alphabetically, times chronologically, missing last.
    static func precedes(_ lhs: StatsGroupKey, _ rhs: StatsGroupKey) -> Bool {
        switch (lhs, rhs) {
        case (.text(let a), .text(let b)): return a < b
        case (.hour(let a), .hour(let b)), (.day(let a), .day(let b)): return a < b
        default: return lhs.rank < rhs.rank
        }
    }

    private var rank: Int {
        switch self {
        case .text, .hour, .day: return 0
        case .missing: return 1
        case .other: return 2
        }
    }
}
