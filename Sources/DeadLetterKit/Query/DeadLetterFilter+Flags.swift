import Foundation

extension DeadLetterFilter {
    /// The filter options as the command line gives them, before validation.
    public struct Flags: Sendable, Equatable {
        public var types: [String]
        public var twins: [String]
        public var since: String?
        public var until: String?
        public var byDeadletterTime: Bool
        public var endpoints: [String]
        public var reasons: [String]
        public var ids: [String]
        public var whereExpression: String?

        public init(types: [String] = [], twins: [String] = [], since: String? = nil, until: String? = nil,
                    byDeadletterTime: Bool = false, endpoints: [String] = [], reasons: [String] = [], ids: [String] = [],
                    whereExpression: String? = nil) {
            self.types = types
            self.twins = twins
            self.since = since
            self.until = until
            self.byDeadletterTime = byDeadletterTime
            self.endpoints = endpoints
            self.reasons = reasons
            self.ids = ids
            self.whereExpression = whereExpression
        }
    }

    /// Validates and compiles the flags. `now` anchors relative times (`6h`) and `now` in `--where`; one value for the
    /// whole run, so every criterion agrees on it.
    public init(flags: Flags, now: Date = Date()) throws(QueryError) {
        let since = try flags.since.map { text throws(QueryError) in try QueryTimeArgument.parse(text, now: now, option: "--since") }
        let until = try flags.until.map { text throws(QueryError) in try QueryTimeArgument.parse(text, now: now, option: "--until") }
        if let since, let until, since >= until {
            throw .emptyTimeWindow(since: QueryTimeWindow.format(since), until: QueryTimeWindow.format(until))
        }
        let whereExpression = try flags.whereExpression.map { text throws(QueryError) in try WhereExpression(text, now: now) }
        self.init(types: try Self.globs(flags.types, option: "--type"),
                  twins: try Self.globs(flags.twins, option: "--twin"),
                  since: since, until: until, byDeadletterTime: flags.byDeadletterTime,
                  endpoints: try Self.globs(flags.endpoints, option: "--endpoint", caseInsensitive: true),
                  reasons: try Self.globs(flags.reasons, option: "--reason", caseInsensitive: true),
                  ids: Set(flags.ids), whereExpression: whereExpression)
    }

    private static func globs(_ patterns: [String], option: String, caseInsensitive: Bool = false) throws(QueryError) -> [GlobPattern] {
        var compiled: [GlobPattern] = []
        for pattern in patterns {
            do {
                compiled.append(try GlobPattern(pattern, caseInsensitive: caseInsensitive))
            } catch {
                throw .invalidGlob(option: option, pattern: pattern, reason: error)
            }
        }
        return compiled
    }
}
