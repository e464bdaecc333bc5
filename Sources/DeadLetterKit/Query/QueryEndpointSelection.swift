/// Which endpoints (dead-letter folders: the ADT endpoint name, or the Event Grid subscription path) can hold a
/// match. Patterns compare without regard to case.
///
/// Constraints from different places (`--endpoint` flags, `endpoint …` terms of `--where`) must all hold, and a glob
/// intersected with a glob is not a glob; so the selection keeps one group per constraint: an endpoint is selected
/// when it matches some pattern of *every* group. When a group lists exact names, the intersection is computed
/// outright (names filtered by the other groups), which is both smaller and what a walker can list by name.
public struct QueryEndpointSelection: Sendable, Equatable {
    /// Groups AND-ed; patterns within a group OR-ed. Never empty; a group with no patterns selects nothing.
    public private(set) var groups: [[GlobPattern]]

    /// One group; the patterns are made case-insensitive.
    public init(patterns: [GlobPattern]) {
        self.groups = [patterns.map(Self.caseInsensitive)]
    }

    /// Exact names (wildcards in them are not special).
    public init(names: [String]) {
        self.groups = [names.map { GlobPattern.literal($0, caseInsensitive: true) }]
    }

    public func matches(_ endpoint: String) -> Bool {
        groups.allSatisfy { group in group.contains { $0.matches(endpoint) } }
    }

    /// True when no endpoint can be selected (e.g. `--endpoint a` with `--where 'endpoint == "b"'`).
    public var isEmpty: Bool { groups.contains { $0.isEmpty } }

    /// The names of all endpoints that can be selected, when they are known exactly; nil when a wildcard is involved.
    /// Names are as the user wrote them: folders may differ in case, so list by name only where that is known.
    public var exactNames: [String]? {
        guard groups.count == 1 else { return nil }
        var names: [String] = []
        for pattern in groups[0] {
            guard let name = pattern.literalText else { return nil }
            names.append(name)
        }
        return names
    }

    /// Endpoints selected by both.
    public func intersection(_ other: QueryEndpointSelection) -> QueryEndpointSelection {
        var combined = self
        for group in other.groups where !combined.groups.contains(group) { combined.groups.append(group) }
        combined.simplify()
        return combined
    }

    /// When a group is all exact names, the selection is those names that every group accepts.
    private mutating func simplify() {
        guard groups.count > 1,
              let exactIndex = groups.firstIndex(where: { group in group.allSatisfy(\.isLiteral) }) else { return }
        let others = groups.enumerated().filter { $0.offset != exactIndex }.map(\.element)
        var seen = Set<String>()
        var kept: [GlobPattern] = []
        for pattern in groups[exactIndex] {
            guard let name = pattern.literalText, seen.insert(name.lowercased()).inserted else { continue }
            if others.allSatisfy({ group in group.contains { $0.matches(name) } }) { kept.append(pattern) }
        }
        groups = [kept]
    }

    private static func caseInsensitive(_ pattern: GlobPattern) -> GlobPattern {
        guard !pattern.isCaseInsensitive else { return pattern }
        // Recompiling a pattern that already compiled cannot fail.
        return (try? GlobPattern(pattern.pattern, caseInsensitive: true)) ?? pattern
    }
}

extension QueryEndpointSelection: CustomStringConvertible {
    /// `eg-* or adt-main`; groups joined with ` and `; `none` when nothing can match.
    public var description: String {
        if isEmpty { return "none" }
        return groups.map { group in
            let text = group.map(\.pattern).joined(separator: " or ")
            return groups.count > 1 && group.count > 1 ? "(\(text))" : text
        }.joined(separator: " and ")
    }
}
