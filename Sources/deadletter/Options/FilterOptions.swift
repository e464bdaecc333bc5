import ArgumentParser
import DeadLetterKit
import Foundation

/// The filters every command shares. All given filters must hold; a repeated flag matches any of its values.
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("type"), help: ArgumentHelp("Event type glob, e.g. 'Microsoft.DigitalTwins.Twin.*' (repeatable).", valueName: "glob"))
    var types: [String] = []

    @Option(name: .customLong("twin"), help: ArgumentHelp("Twin id glob: the twin of twin and telemetry events, either end of a relationship (repeatable).", valueName: "glob"))
    var twins: [String] = []

    @Option(help: ArgumentHelp("Only events at or after this time: RFC 3339, a date, or a duration ago (90m, 6h, 2d).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only events before this time (same forms as --since).", valueName: "time"))
    var until: String?

    @Flag(help: "Apply --since/--until to when events were dead-lettered (folder hour / blob time) instead of their own time.")
    var byDeadletterTime = false

    @Option(name: .customLong("endpoint"), help: ArgumentHelp("ADT endpoint or Event Grid subscription folder glob, case-insensitive (repeatable).", valueName: "glob"))
    var endpoints: [String] = []

    @Option(name: .customLong("reason"), help: ArgumentHelp("Dead-letter reason glob, e.g. 'MaxDelivery*' (repeatable).", valueName: "glob"))
    var reasons: [String] = []

    @Option(name: .customLong("id"), help: ArgumentHelp("An event id (repeatable).", valueName: "id"))
    var ids: [String] = []

    @Option(name: .customLong("where"), help: ArgumentHelp("An expression over the event, e.g. 'type ~ \"*.Twin.Update\" and patch.path == \"/temperature\"'. See `deadletter help-where`.", valueName: "expr"))
    var whereExpression: String?

    /// Parses the filters up front so a mistake is reported with the command's own usage line.
    func validate() throws {
        _ = try filter()
    }

    func filter(now: Date = Date()) throws -> DeadLetterFilter {
        do {
            return try DeadLetterFilter(flags: DeadLetterFilter.Flags(
                types: types, twins: twins, since: since, until: until, byDeadletterTime: byDeadletterTime,
                endpoints: endpoints, reasons: reasons, ids: ids, whereExpression: whereExpression), now: now)
        } catch {
            throw ValidationError(String(describing: error))
        }
    }
}
