import AzureCore

/// `--dry-run`: what a replay would send, without sending anything — counts by event type and dead-letter reason,
/// the events that could not be sent and why, and the requests and bytes it would take.
public struct ReplayDryRunReport: Sendable, Equatable {
    public var target: String
    /// Events the source yielded (after filtering).
    public var selected: Int = 0
    /// Events that would be sent.
    public var sendable: Int = 0
    /// Events the journal says an earlier run already delivered.
    public var skipped: Int = 0
    /// By event `type` (`eventType`), of the sendable events.
    public var byType: [String: Int] = [:]
    /// By dead-letter reason (`deadLetterReason`; ADT records none), of the sendable events.
    public var byReason: [String: Int] = [:]
    /// Events that could not be sent, by `ReplayFailure.category`.
    public var unsendable: [String: Int] = [:]
    public var batches: Int = 0
    /// Request bytes the batches would carry.
    public var bytes: Int = 0

    public init(target: String) {
        self.target = target
    }

    static let noReason = "(none recorded)"
    static let noType = "(no type)"

    public func text() -> String {
        var rows: [[String]] = [["target", target], ["selected", String(selected)], ["would send", String(sendable)],
                                ["skipped (journal)", String(skipped)], ["cannot send", String(unsendable.values.reduce(0, +))]]
        for (reason, count) in Self.sorted(unsendable) { rows.append(["  " + reason, String(count)]) }
        rows.append(["batches", String(batches)])
        rows.append(["bytes", String(bytes)])
        rows.append(["by type", ""])
        for (type, count) in Self.sorted(byType) { rows.append(["  " + type, String(count)]) }
        rows.append(["by dead-letter reason", ""])
        for (reason, count) in Self.sorted(byReason) { rows.append(["  " + reason, String(count)]) }
        let columns = [TableRenderer.Column("", maxWidth: 60), TableRenderer.Column("", maxWidth: 200)]
        return Redactor.redact(TableRenderer.render(columns: columns, rows: rows, showsHeader: false))
    }

    public var json: OutputJSON {
        func counts(_ values: [String: Int]) -> OutputJSON { .object(Self.sorted(values).map { ($0.key, .int($0.count)) }) }
        return .object([
            ("target", .string(target)), ("dryRun", .bool(true)), ("selected", .int(selected)), ("sendable", .int(sendable)),
            ("skipped", .int(skipped)), ("unsendable", counts(unsendable)), ("batches", .int(batches)), ("bytes", .int(bytes)),
            ("byType", counts(byType)), ("byReason", counts(byReason)),
        ])
    }

    /// Most frequent first, ties alphabetically.
    static func sorted(_ values: [String: Int]) -> [(key: String, count: Int)] {
        values.map { (key: $0.key, count: $0.value) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.key < $1.key }
    }
}
