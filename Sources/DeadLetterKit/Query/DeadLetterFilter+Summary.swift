import Foundation

extension DeadLetterFilter {
    /// One line for logs and `--dry-run`, e.g.
    /// `type ~ *Twin.Update; twin ~ pump-* (either end); time [2024-01-05T00:00:00Z, 2024-01-06T00:00:00Z); where …`;
    /// `all dead letters` when nothing is filtered.
    public var summary: String {
        var parts: [String] = []
        if !types.isEmpty { parts.append("type ~ " + Self.list(types)) }
        if !twins.isEmpty { parts.append("twin ~ " + Self.list(twins) + " (either end of a relationship)") }
        if !window.isUnbounded { parts.append((byDeadletterTime ? "dead-letter time " : "time ") + window.description) }
        if !endpoints.isEmpty { parts.append("endpoint ~ " + Self.list(endpoints) + " (any case)") }
        if !reasons.isEmpty {
            let anyCase = reasons.allSatisfy(\.isCaseInsensitive) ? " (any case)" : ""
            parts.append("reason ~ " + Self.list(reasons) + anyCase)
        }
        if !ids.isEmpty { parts.append("id in " + ids.sorted().joined(separator: ", ")) }
        if let whereExpression { parts.append("where " + whereExpression.description) }
        return parts.isEmpty ? "all dead letters" : parts.joined(separator: "; ")
    }

    /// Several lines for `--dry-run`: the criteria, what is pushed down to the walker, and which dead-letter times
    /// the walker will scan once the event-time window is widened for delivery retries.
    public func explanation(maximumDeliveryDelay: TimeInterval = QueryPushDown.defaultMaximumDeliveryDelay,
                            clockSkew: TimeInterval = QueryPushDown.defaultClockSkew) -> String {
        let pushDown = pushDown
        var lines = ["filter: \(summary)", "pushed down to the listing:"]
        lines.append("  event time: \(pushDown.eventTime)")
        lines.append("  dead-letter time: \(pushDown.deadLetterTime)")
        lines.append("  endpoints: \(pushDown.endpoints?.description ?? "all")")
        let scan = pushDown.deadLetterScanWindow(maximumDeliveryDelay: maximumDeliveryDelay, clockSkew: clockSkew)
        var scanLine = "  dead-letter folders scanned: \(scan)"
        if !pushDown.eventTime.isUnbounded {
            scanLine += " (event-time window widened by \(QueryDuration.format(maximumDeliveryDelay)) for delivery "
                + "retries and \(QueryDuration.format(clockSkew)) for clock skew)"
        }
        lines.append(scanLine)
        if pushDown.selectsNothing { lines.append("  nothing can match: the constraints exclude each other") }
        lines.append("evaluated after decoding: every criterion above, including terms under 'or' and 'not'")
        return lines.joined(separator: "\n")
    }

    private static func list(_ patterns: [GlobPattern]) -> String {
        patterns.map(\.pattern).joined(separator: " or ")
    }
}
