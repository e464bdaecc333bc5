import Foundation

/// The filter every command shares, built from `--type --twin --since --until --by-deadletter-time --endpoint
/// --reason --id --where`. All given criteria must hold; within one repeatable flag, any value may match.
///
/// - `types`: globs on `type`.
/// - `twins`: globs on `twin`, which for a relationship event lists both ends, so either end matches.
/// - `window`: `[since, until)` on `time`, or on `deadlettered` when `byDeadletterTime`.
/// - `endpoints`: globs on `endpoint`, always case-insensitive.
/// - `reasons`: globs on `reason` (case-insensitive when built from flags).
/// - `ids`: exact event ids.
/// - `whereExpression`: see `WhereExpression`.
/// An event without the field a criterion needs does not match it.
public struct DeadLetterFilter: Sendable {
    public var types: [GlobPattern]
    public var twins: [GlobPattern]
    public var window: QueryTimeWindow
    public var byDeadletterTime: Bool
    public var endpoints: [GlobPattern]
    public var reasons: [GlobPattern]
    public var ids: Set<String>
    public var whereExpression: WhereExpression?

    /// A filter that lets everything through.
    public static let all = DeadLetterFilter()

    public init(types: [GlobPattern] = [], twins: [GlobPattern] = [], since: Date? = nil, until: Date? = nil,
                byDeadletterTime: Bool = false, endpoints: [GlobPattern] = [], reasons: [GlobPattern] = [],
                ids: Set<String> = [], whereExpression: WhereExpression? = nil) {
        self.types = types
        self.twins = twins
        self.window = QueryTimeWindow(since: since, until: until)
        self.byDeadletterTime = byDeadletterTime
        // Endpoint matching is case-insensitive everywhere so that the filter and its push-down agree.
        self.endpoints = QueryEndpointSelection(patterns: endpoints).groups[0]
        self.reasons = reasons
        self.ids = ids
        self.whereExpression = whereExpression
    }

    public var since: Date? { window.since }
    public var until: Date? { window.until }

    /// Whether `event` passes every criterion. Cheap criteria run first; each reads only the fields it needs.
    public func matches(_ event: some QueryableEvent) -> Bool {
        if !ids.isEmpty {
            guard case .string(let id)? = event.queryValue(.id), ids.contains(id) else { return false }
        }
        if !window.isUnbounded {
            guard let date = Self.date(event.queryValue(byDeadletterTime ? .deadlettered : .time)),
                  window.contains(date) else { return false }
        }
        if !endpoints.isEmpty, !Self.anyText(event.queryValue(.endpoint), matchesAnyOf: endpoints) { return false }
        if !types.isEmpty, !Self.anyText(event.queryValue(.type), matchesAnyOf: types) { return false }
        if !reasons.isEmpty, !Self.anyText(event.queryValue(.reason), matchesAnyOf: reasons) { return false }
        if !twins.isEmpty, !Self.anyText(event.queryValue(.twin), matchesAnyOf: twins) { return false }
        if let whereExpression, !whereExpression.matches(event) { return false }
        return true
    }

    /// What the walker may prune by: the flags' window and endpoints, intersected with the top-level `and` terms of
    /// `--where`.
    public var pushDown: QueryPushDown {
        var flags = QueryPushDown.unconstrained
        if byDeadletterTime { flags.deadLetterTime = window } else { flags.eventTime = window }
        if !endpoints.isEmpty { flags.endpoints = QueryEndpointSelection(patterns: endpoints) }
        guard let whereExpression else { return flags }
        return flags.intersection(whereExpression.pushDown)
    }

    static func anyText(_ value: QueryValue?, matchesAnyOf patterns: [GlobPattern]) -> Bool {
        switch value {
        case .string(let text)?:
            return patterns.contains { $0.matches(text) }
        case .list(let elements)?:
            return elements.contains { anyText($0, matchesAnyOf: patterns) }
        default:
            return false
        }
    }

    static func date(_ value: QueryValue?) -> Date? {
        switch value {
        case .time(let date)?: date
        case .string(let text)?: QueryTimeArgument.parseAbsolute(text)
        default: nil
        }
    }
}
