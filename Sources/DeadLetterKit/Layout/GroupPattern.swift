/// Selects endpoint/subscription groups by name: a `/`-separated glob (`*` any run of characters within one folder,
/// `?` one character), compared without regard to case because Event Grid upper-cases subscription names.
///
/// A pattern matches a group when it matches the group's *last* folders: `asb-sub-2-storage` matches
/// `eventgridtoasb/ASB-SUB-2-STORAGE`, `mytopic/*` matches `mynamespace/mytopic/mysub`. So a user can name the
/// endpoint or subscription without knowing about leading folders.
public struct GroupPattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    let segments: [[Character]]

    public init(_ text: String) throws(WalkPlanError) {
        guard !text.isEmpty else { throw .emptyGroupPattern }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty }) else { throw .groupPatternHasEmptySegment(text) }
        self.text = text
        self.segments = parts.map { Array($0.lowercased()) }
    }

    public var description: String { text }

    public func matches(groupSegments: [String]) -> Bool {
        guard segments.count <= groupSegments.count else { return false }
        let tail = groupSegments.suffix(segments.count)
        return zip(segments, tail).allSatisfy { pattern, name in Self.glob(pattern, Array(name.lowercased())) }
    }

    /// Whether some group `groupDepth` folders deep below a folder with these leading segments could still match.
    /// Only usable when the group depth is known; it lets the walker skip a folder without listing it.
    func couldMatchBelow(prefixSegments: [String], groupDepth: Int) -> Bool {
        guard segments.count <= groupDepth else { return false }
        let patternStart = groupDepth - segments.count
        for (index, name) in prefixSegments.enumerated() where index >= patternStart {
            if !Self.glob(segments[index - patternStart], Array(name.lowercased())) { return false }
        }
        return true
    }

    /// Wildcard match with single-star backtracking (linear in practice, never exponential).
    static func glob(_ pattern: [Character], _ name: [Character]) -> Bool {
        var p = 0, n = 0
        var starP = -1, starN = 0
        while n < name.count {
            if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == name[n]) {
                p += 1
                n += 1
            } else if p < pattern.count, pattern[p] == "*" {
                starP = p
                starN = n
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starN += 1
                n = starN
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
