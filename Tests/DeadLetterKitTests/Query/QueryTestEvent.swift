import Foundation
@testable import DeadLetterKit

/// A dead letter reduced to the field values the query engine asks for.
struct QueryTestEvent: QueryableEvent {
    var values: [QueryField: QueryValue] = [:]

    func queryValue(_ field: QueryField) -> QueryValue? { values[field] }

    subscript(field: QueryField) -> QueryValue? {
        get { values[field] }
        set { values[field] = newValue }
    }

    static let hourZero = Date(timeIntervalSince1970: 1_704_412_800)  // 2024-01-05T00:00:00Z

    /// A Twin.Update of `twin`, dead-lettered an hour after it happened.
    static func twinUpdate(_ twin: String, id: String = "e-1", at time: Date = hourZero.addingTimeInterval(13 * 3600),
                           endpoint: String = "adt-main") -> QueryTestEvent {
        var event = QueryTestEvent()
        event[.id] = .string(id)
        event[.type] = .string("Microsoft.DigitalTwins.Twin.Update")
        event[.source] = .string("https://adt-1.api.weu.digitaltwins.azure.net")
        event[.subject] = .string(twin)
        event[.twin] = .list([.string(twin)])
        event[.model] = .string("dtmi:com:example:Pump;1")
        event[.time] = .time(time)
        event[.deadlettered] = .time(time.addingTimeInterval(3600))
        event[.endpoint] = .string(endpoint)
        event[.reason] = .string("TimeToLiveExceeded")
        event[.attempts] = .number(4, text: "4")
        event[.outcome] = .string("TimedOut")
        event[.blob] = .string("\(endpoint)/2024/01/05/14/\(id).json")
        event[.patchPath] = .list([.string("/temperature"), .string("/status/mode")])
        event[.data(path: ["modelId"])] = .string("dtmi:com:example:Pump;1")
        return event
    }

    /// A Relationship.Create from `source` to `target`.
    static func relationship(from source: String, to target: String, name: String = "feeds") -> QueryTestEvent {
        var event = QueryTestEvent()
        event[.id] = .string("r-1")
        event[.type] = .string("Microsoft.DigitalTwins.Relationship.Create")
        event[.subject] = .string("\(source)/relationships/\(name)-1")
        event[.twin] = .list([.string(source), .string(target)])
        event[.sourceTwin] = .string(source)
        event[.targetTwin] = .string(target)
        event[.relationship] = .string(name)
        event[.time] = .time(hourZero)
        event[.deadlettered] = .time(hourZero.addingTimeInterval(7200))
        event[.endpoint] = .string("adt-main")
        event[.data(path: ["$relationshipName"])] = .string(name)
        return event
    }

    /// Telemetry of `twin`: no time of its own, so (as conformers must) its `time` is the dead-letter time.
    static func telemetry(_ twin: String, deadlettered: Date, data: [[String]: QueryValue] = [:]) -> QueryTestEvent {
        var event = QueryTestEvent()
        event[.id] = .string("t-1")
        event[.type] = .string("microsoft.iot.telemetry")
        event[.twin] = .list([.string(twin)])
        event[.time] = .time(deadlettered)
        event[.deadlettered] = .time(deadlettered)
        event[.endpoint] = .string("EG-Telemetry")
        for (path, value) in data { event[.data(path: path)] = value }
        return event
    }
}
