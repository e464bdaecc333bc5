import Foundation

/// A JSON object written from ordered members, in two spellings: `stored` (with whitespace between members, as a
/// blob holds it) and `compact` (what an export must write: the same bytes with the whitespace outside strings gone).
struct EndToEndEvent: Sendable {
    /// Member name → the member's value as compact JSON text.
    var members: [(String, String)]

    var compact: String { "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}" }
    var stored: String { "{\n  " + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ",\n  ") + "\n}" }

    var id: String { members.first { $0.0 == "id" }.map { String($0.1.dropFirst().dropLast()) } ?? "" }

    static func string(_ text: String) -> String { "\"\(text)\"" }

    /// An ADT notification as Event Grid's CloudEvents schema delivers it (what ADT dead-letters).
    static func cloudEvent(id: String, type: String, subject: String?, time: String?, data: String,
                           source: String = "contoso.api.weu.digitaltwins.azure.net", dataschema: String? = nil) -> EndToEndEvent {
        var members: [(String, String)] = [("specversion", string("1.0")), ("id", string(id)), ("type", string(type)),
                                           ("source", string(source)), ("data", data)]
        if let subject { members.append(("subject", string(subject))) }
        if let time { members.append(("time", string(time))) }
        if let dataschema { members.append(("dataschema", string(dataschema))) }
        members.append(("datacontenttype", string("application/json")))
        return EndToEndEvent(members: members)
    }

    /// An ADT notification in the Event Grid schema as a subscription dead-letters it (payload under `data.data`,
    /// the dead-letter facts as extra members).
    static func eventGridDeadLetter(id: String, type: String, subject: String, time: String, payload: String,
                                    reason: String, attempts: Int) -> EndToEndEvent {
        EndToEndEvent(members: [
            ("id", string(id)), ("subject", string(subject)),
            ("data", "{\"data\":\(payload),\"contenttype\":\"application/json\"}"),
            ("eventType", string(type)), ("eventTime", string(time)), ("dataVersion", string("1.0")),
            ("metadataVersion", string("1")), ("topic", string("/subscriptions/0000/resourceGroups/ops/providers/Microsoft.EventGrid/topics/twins")),
            ("deadLetterReason", string(reason)), ("deliveryAttempts", String(attempts)),
            ("lastDeliveryOutcome", string("Busy")), ("lastHttpStatusCode", "503"),
            ("publishTime", string(time)), ("lastDeliveryAttemptTime", string("2026-01-10T05:59:00Z")),
        ])
    }
}

/// The small containers the end-to-end tests need, with every attribute known, so that each filter has an exact
/// expected answer. They sit next to the bundled sample in the emulator's data directory.
enum EndToEndContainers {
    static let account = "devstoreaccount1"
    /// The bundled sample (Fixtures/sample-container): 369 dead letters, 5 bad blobs, a README.txt.
    static let sample = "deadletters"
    /// Eight dead letters of every ADT type in two layouts; no bad blob.
    static let triage = "triage"
    /// Three events 30 minutes, 3 hours and 3 days before the emulator started.
    static let recent = "recent"
    /// One blob in each of `prunedHours` consecutive hour folders, to count list requests.
    static let hours = "hours"
    static let prunedHours = 72
    static let hoursStart = "2026-02-01T00:00:00Z"

    static let twinCreate = EndToEndEvent.cloudEvent(
        id: "tc-1", type: "Microsoft.DigitalTwins.Twin.Create", subject: "room-1", time: "2026-01-10T03:10:00Z",
        data: #"{"$dtId":"room-1","$metadata":{"$model":"dtmi:test:Room;1"}}"#)
    static let twinUpdate = EndToEndEvent.cloudEvent(
        id: "tu-1", type: "Microsoft.DigitalTwins.Twin.Update", subject: "room-2", time: "2026-01-10T03:20:00Z",
        data: #"{"modelId":"dtmi:test:Room;1","patch":[{"value":21.5,"path":"/temperature","op":"replace"}]}"#)
    /// Exactly at 04:00:00Z: `--since 04:00` includes it, `--until 04:00` does not.
    static let relationshipCreate = EndToEndEvent.cloudEvent(
        id: "rc-1", type: "Microsoft.DigitalTwins.Relationship.Create", subject: "room-1/relationships/rel-1",
        time: "2026-01-10T04:00:00Z",
        data: #"{"$relationshipId":"rel-1","$sourceId":"room-1","$targetId":"sensor-9","$relationshipName":"contains"}"#)
    static let relationshipDelete = EndToEndEvent.cloudEvent(
        id: "rd-1", type: "Microsoft.DigitalTwins.Relationship.Delete", subject: "floor-1/relationships/rel-2",
        time: "2026-01-10T04:30:00Z",
        data: #"{"$relationshipId":"rel-2","$sourceId":"floor-1","$targetId":"room-2","$relationshipName":"hosts"}"#)
    /// ADT telemetry has no `time`: it is placed at its folder hour, 05:00.
    static let telemetry = EndToEndEvent.cloudEvent(
        id: "te-1", type: "microsoft.iot.telemetry", subject: nil, time: nil, data: #"{"temperature":30.5}"#,
        source: "contoso.api.weu.digitaltwins.azure.net/digitaltwins/sensor-9", dataschema: "dtmi:test:Sensor;1")
    static let twinDelete = EndToEndEvent.eventGridDeadLetter(
        id: "td-1", type: "Microsoft.DigitalTwins.Twin.Delete", subject: "room-3", time: "2026-01-10T05:15:00Z",
        payload: #"{"$dtId":"room-3","$metadata":{"$model":"dtmi:test:Room;1"}}"#,
        reason: "MaxDeliveryAttemptsExceeded", attempts: 30)
    static let relationshipUpdate = EndToEndEvent.eventGridDeadLetter(
        id: "ru-1", type: "Microsoft.DigitalTwins.Relationship.Update", subject: "room-3/relationships/rel-3",
        time: "2026-01-10T05:40:00Z", payload: #"{"modelId":"dtmi:test:Rel;1","patch":[{"value":2,"path":"/priority","op":"replace"}]}"#,
        reason: "TimeToLiveExceeded", attempts: 5)
    /// Dead-lettered 20 hours after its own time: only a widened folder window finds it.
    static let late = EndToEndEvent.cloudEvent(
        id: "late-1", type: "Microsoft.DigitalTwins.Twin.Update", subject: "room-9", time: "2026-01-09T03:00:00Z",
        data: #"{"modelId":"dtmi:test:Room;1","patch":[{"value":1,"path":"/mode","op":"replace"}]}"#)

    /// Blob name → bytes of the triage container, in the order the walker yields them.
    static let triageBlobs: [(name: String, bytes: String)] = [
        ("EG-SUB/2026/1/10/6/4f1a0c5e-0000-4000-8000-000000000001.json", "[\n" + twinDelete.stored + ",\n" + relationshipUpdate.stored + "\n]\n"),
        ("ep-alpha/2026/1/10/3/tc-1.json", twinCreate.stored),
        ("ep-alpha/2026/1/10/3/tu-1.json", twinUpdate.stored),
        ("ep-alpha/2026/1/10/4/rc-1.json", relationshipCreate.stored),
        ("ep-alpha/2026/1/10/4/rd-1.json", relationshipDelete.stored),
        ("ep-alpha/2026/1/10/5/te-1.json", telemetry.stored),
        ("ep-late/2026/1/10/3/late-1.json", late.stored),
    ]

    /// Every triage event by id.
    static let triageEvents: [String: EndToEndEvent] = Dictionary(uniqueKeysWithValues:
        [twinCreate, twinUpdate, relationshipCreate, relationshipDelete, telemetry, twinDelete, relationshipUpdate, late]
            .map { ($0.id, $0) })

    /// Writes the sample and the small containers under `root/<account>/`.
    static func write(into root: URL, now: Date) throws {
        let account = root.appendingPathComponent(Self.account)
        try FileManager.default.createDirectory(at: account, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: DeadLetterCLI.sampleContainer, to: account.appendingPathComponent(sample))
        for blob in triageBlobs { try write(blob.bytes, to: account.appendingPathComponent("\(triage)/\(blob.name)")) }
        for (label, age) in [("r-30m", 1800.0), ("r-3h", 3 * 3600.0), ("r-3d", 3 * 86_400.0)] {
            let time = now.addingTimeInterval(-age)
            let event = EndToEndEvent.cloudEvent(id: label, type: "Microsoft.DigitalTwins.Twin.Update", subject: "room-\(label)",
                                                 time: rfc3339(time), data: #"{"modelId":"dtmi:test:Room;1","patch":[]}"#)
            try write(event.stored, to: account.appendingPathComponent("\(recent)/recent-ep/\(hourFolder(time))/\(label).json"))
        }
        let start = ISO8601DateFormatter().date(from: hoursStart)!
        for hour in 0..<prunedHours {
            let folderHour = start.addingTimeInterval(Double(hour) * 3600)
            let id = "h-\(hour)"
            let event = EndToEndEvent.cloudEvent(id: id, type: "Microsoft.DigitalTwins.Twin.Create", subject: "twin-\(hour)",
                                                 time: rfc3339(folderHour.addingTimeInterval(600)), data: #"{"$dtId":"x"}"#)
            try write(event.stored, to: account.appendingPathComponent("\(hours)/pruned-ep/\(hourFolder(folderHour))/\(id).json"))
        }
    }

    /// `y/m/d/h` without padding, as ADT writes it.
    static func hourFolder(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        return "\(parts.year!)/\(parts.month!)/\(parts.day!)/\(parts.hour!)"
    }

    static func rfc3339(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    private static func write(_ text: String, to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }
}
