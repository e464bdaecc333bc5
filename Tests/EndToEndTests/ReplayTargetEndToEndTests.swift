import AzureEmulator
import Foundation
import XCTest

/// `deadletter replay` to each kind of target through the real executable, checked by what the emulator's sinks
/// received: Event Grid CloudEvents and Event Grid-schema topics (key and SAS token), Event Hubs (connection string
/// and bearer token) and a Service Bus queue.
final class ReplayTargetEndToEndTests: XCTestCase {
    static let emulator = EndToEndEmulator()

    override class func tearDown() {
        emulator.stopAndWait()
        super.tearDown()
    }

    typealias Sinks = ReplaySinkAddresses

    /// CloudEvents dead-lettered by a CloudEvents-schema subscription: the dead-letter facts sit next to the
    /// attributes, in lower case, and must not reach the destination.
    static let cloudEventDeadLetters: [EndToEndEvent] = [
        withDeadLetterFacts(EndToEndEvent.cloudEvent(id: "ced-1", type: "Microsoft.DigitalTwins.Twin.Update", subject: "room-5",
                                                     time: "2026-01-10T07:05:00Z", data: #"{"modelId":"dtmi:test:Room;1","patch":[]}"#)),
        withDeadLetterFacts(EndToEndEvent.cloudEvent(id: "ced-2", type: "Microsoft.DigitalTwins.Relationship.Delete",
                                                     subject: "floor-2/relationships/rel-9", time: "2026-01-10T07:06:00Z",
                                                     data: #"{"$relationshipId":"rel-9","$sourceId":"floor-2","$targetId":"room-5","$relationshipName":"hosts"}"#)),
    ]

    static func withDeadLetterFacts(_ event: EndToEndEvent) -> EndToEndEvent {
        EndToEndEvent(members: event.members + [
            ("deadletterreason", EndToEndEvent.string("MaxDeliveryAttemptsExceeded")), ("deliveryattempts", "30"),
            ("lastdeliveryoutcome", EndToEndEvent.string("Busy")), ("lasthttpstatuscode", "503"),
            ("publishtime", EndToEndEvent.string("2026-01-10T07:00:00Z")),
        ])
    }

    /// The event without its dead-letter members, compact: what a CloudEvents topic must receive, byte for byte.
    static func withoutDeadLetterFacts(_ event: EndToEndEvent) -> String {
        EndToEndEvent(members: event.members.filter { !ReplayDeadLetterMembers.names.contains($0.0) }).compact
    }

    /// The twin each triage event is about: the Event Hubs / Service Bus partition key by default.
    static let triageTwins: [String: String] = [
        "tc-1": "room-1", "tu-1": "room-2", "rc-1": "room-1", "rd-1": "floor-1", "te-1": "sensor-9",
        "td-1": "room-3", "ru-1": "room-3", "late-1": "room-9",
    ]
    /// The two triage events dead-lettered in the Event Grid schema (ADT drops `source` there).
    static let eventGridSchemaIDs: Set<String> = ["td-1", "ru-1"]

    private func start() async throws -> (EndToEndEmulator.Context, URL) {
        let context = try await Self.emulator.start()
        await context.resetSinks()
        return (context, try context.scratchDirectory())
    }

    /// The data each triage event carries: the `data` member of a CloudEvent, the payload under `data.data` of
    /// an Event Grid-schema ADT event. Parsed, for comparisons that ignore key order.
    static func triageData(_ id: String) throws -> NSDictionary {
        let event = try XCTUnwrap(EndToEndContainers.triageEvents[id])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(event.compact.utf8)) as? [String: Any])
        let data = try XCTUnwrap(object["data"] as? [String: Any])
        return (eventGridSchemaIDs.contains(id) ? try XCTUnwrap(data["data"] as? [String: Any]) : data) as NSDictionary
    }

    func testEventGridCloudEventsTopicWithTheKeyReceivesEachEventVerbatimWithoutDeadLetterFacts() async throws {
        let (context, home) = try await start()
        let ceBlob = "[\n" + Self.cloudEventDeadLetters.map(\.stored).joined(separator: ",\n") + "\n]\n"
        let container = try await ReplayContainerSeeding.seed(
            context, prefix: "targets", blobs: EndToEndContainers.triageBlobs + [("ALERTS-CE-SUB/2026/1/10/7/0b7e51aa-0000-4000-8000-00000000ce01.json", ceBlob)])
        let result = try await context.replay(
            ["replay", context.url(container), "--to", context.sinkAddresses.eventGrid(), "--adt-instance-host", Sinks.adtInstanceHost,
             "--no-journal", "-q"], target: Sinks.eventGridKey(), home: home)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertEqual(ReplayReportReading.count("selected", in: result.stdout), 10, result.transcript)
        XCTAssertEqual(ReplayReportReading.count("sent", in: result.stdout), 10, result.transcript)
        XCTAssertEqual(ReplayReportReading.count("failed", in: result.stdout), 0, result.transcript)

        let received = await context.received(Sinks.eventGridTopic)
        XCTAssertEqual(received.count, 10)
        XCTAssertEqual(Set(received.eventIDs), Set(EndToEndContainers.triageEvents.keys).union(["ced-1", "ced-2"]))
        let byID = received.byEventID
        for message in received {
            XCTAssertEqual(message.kind, .cloudEvent)
            XCTAssertTrue(message.contentType?.hasPrefix("application/cloudevents-batch+json") ?? false, "\(message.contentType ?? "nil")")
            let object = try XCTUnwrap(message.jsonObject, message.bodyText)
            XCTAssertTrue(ReplayDeadLetterMembers.names.isDisjoint(with: object.keys), "dead-letter facts sent: \(message.bodyText)")
            XCTAssertEqual(object["specversion"] as? String, "1.0", message.bodyText)
        }
        // CloudEvents go verbatim: the stored event's members in their order, only the dead-letter ones gone.
        for id in ["tc-1", "tu-1", "rc-1", "rd-1", "te-1", "late-1"] {
            XCTAssertEqual(byID[id]?.bodyText, EndToEndContainers.triageEvents[id]?.compact, id)
        }
        for event in Self.cloudEventDeadLetters {
            XCTAssertEqual(byID[event.id]?.bodyText, Self.withoutDeadLetterFacts(event), event.id)
        }
        // Event Grid-schema ADT events are unwrapped into the CloudEvent ADT would have sent, `source` rebuilt.
        for id in Self.eventGridSchemaIDs {
            let object = try XCTUnwrap(byID[id]?.jsonObject, id)
            XCTAssertEqual(object["source"] as? String, Sinks.adtInstanceHost, id)
            XCTAssertEqual(object["type"] as? String, id == "td-1" ? "Microsoft.DigitalTwins.Twin.Delete" : "Microsoft.DigitalTwins.Relationship.Update")
            XCTAssertNil(object["eventType"], id)
            XCTAssertNil(object["topic"], id)
            XCTAssertEqual(object["data"] as? NSDictionary, try Self.triageData(id), id)
        }
    }

    func testEventGridSASTokenModeSignsWithTheKeyAndIsNamedWhenRefused() async throws {
        let (context, home) = try await start()
        let arguments = ["replay", context.url(EndToEndContainers.triage), "--to", context.sinkAddresses.eventGrid(),
                         "--adt-instance-host", Sinks.adtInstanceHost, "--event-grid-sas-token", "--no-journal", "-q"]
        let result = try await context.replay(arguments, target: Sinks.eventGridKey(), home: home)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let received = await context.received(Sinks.eventGridTopic)
        XCTAssertEqual(Set(received.eventIDs), Set(EndToEndContainers.triageEvents.keys))
        XCTAssertEqual(received.count, 8)

        // A token signed with a key the topic does not have is refused, and the message says it was a SAS token.
        let wrongKey = Data("not-this-topics-key-at-all".utf8).base64EncodedString()
        let refused = try await context.replay(arguments, target: Sinks.eventGridKey(wrongKey), home: home)
        XCTAssertEqual(refused.exitCode, 1, refused.transcript)
        XCTAssertTrue(refused.stdout.contains("aeg-sas-token signed with the topic key in DEADLETTER_TARGET_KEY"), refused.transcript)
        XCTAssertFalse((refused.stdout + refused.stderr).contains(wrongKey), refused.transcript)
        let rejected = await context.server.sinks.counters(Sinks.eventGridTopic).rejectedTotal
        XCTAssertEqual(rejected, 1, "one request, then the run stopped")
    }

    func testEventGridSchemaTopicReceivesEventGridEventsWithoutDeadLetterFactsOrTopic() async throws {
        let (context, home) = try await start()
        let result = try await context.replay(
            ["replay", context.url(EndToEndContainers.triage), "--to", context.sinkAddresses.eventGrid(Sinks.eventGridSchemaTopic),
             "--schema", "eventgrid", "--no-journal", "--format", "json", "-q"], target: Sinks.eventGridKey(), home: home)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let summary = ReplayReportReading.replayObject(result)
        XCTAssertEqual(summary["sent"] as? Int, 8, result.transcript)
        XCTAssertEqual(summary["stop"] as? String, "completed")
        let received = await context.received(Sinks.eventGridSchemaTopic)
        XCTAssertEqual(received.count, 8)
        XCTAssertEqual(Set(received.eventIDs), Set(EndToEndContainers.triageEvents.keys))
        for message in received {
            XCTAssertEqual(message.kind, .eventGridEvent)
            let object = try XCTUnwrap(message.jsonObject, message.bodyText)
            let id = try XCTUnwrap(object["id"] as? String)
            XCTAssertTrue(ReplayDeadLetterMembers.names.isDisjoint(with: object.keys), "dead-letter facts sent: \(message.bodyText)")
            XCTAssertNil(object["specversion"], "an Event Grid-schema event, not a CloudEvent: \(message.bodyText)")
            XCTAssertNil(object["topic"], "Event Grid fills in the topic; the old one would be refused: \(message.bodyText)")
            XCTAssertNotNil(object["eventType"] as? String, message.bodyText)
            XCTAssertNotNil(object["dataVersion"] as? String, message.bodyText)
            if !Self.eventGridSchemaIDs.contains(id) {
                // Converted from a CloudEvent: the same data.
                XCTAssertEqual(object["data"] as? NSDictionary, try Self.triageData(id), id)
            }
        }
    }

    func testEventHubsFromAConnectionStringWithEntityPathGetsTheADTBinaryModeShape() async throws {
        let (context, home) = try await start()
        let connection = context.sinkAddresses.connectionString(entity: Sinks.eventHub)
        let result = try await context.replay(
            ["replay", context.url(EndToEndContainers.triage), "--to", "eventhubs", "--adt-instance-host", Sinks.adtInstanceHost,
             "--no-journal", "-q"], target: Sinks.connectionStringVariable(connection), home: home)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        XCTAssertTrue(result.stdout.contains("eventhubs:http://127.0.0.1:\(context.server.port)/replay-hub"), result.transcript)
        let received = await context.received(Sinks.eventHub)
        XCTAssertEqual(received.count, 8)
        XCTAssertEqual(Set(received.eventIDs), Set(EndToEndContainers.triageEvents.keys))
        for message in received {
            let id = try XCTUnwrap(message.eventID)
            XCTAssertEqual(message.kind, .eventHubsMessage)
            XCTAssertNil(message.messageID, "Event Hubs has no MessageId")
            XCTAssertEqual(message.partitionKey, Self.triageTwins[id], "PartitionKey = the twin, so each twin's order holds (\(id))")
            try assertBinaryMode(message, id: id)
        }
    }

    func testEventHubsURLWithABearerTokenAndPartitionKeyById() async throws {
        let (context, home) = try await start()
        let result = try await context.replay(
            ["replay", context.url(EndToEndContainers.triage), "--to", context.sinkAddresses.eventHubs(), "--adt-instance-host",
             Sinks.adtInstanceHost, "--partition-key", "id", "--no-journal", "-q"], target: Sinks.bearerToken(), home: home)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let received = await context.received(Sinks.eventHub)
        XCTAssertEqual(received.count, 8)
        for message in received {
            let id = try XCTUnwrap(message.eventID)
            XCTAssertEqual(message.partitionKey, id)
            try assertBinaryMode(message, id: id)
        }
    }

    func testServiceBusQueueGetsMessageIdEqualToTheEventIdSoRepeatsAreDropped() async throws {
        let (context, home) = try await start()
        let connection = context.sinkAddresses.connectionString(entity: Sinks.serviceBusQueue)
        let arguments = ["replay", context.url(EndToEndContainers.triage), "--to", "servicebus", "--adt-instance-host",
                         Sinks.adtInstanceHost, "--no-journal", "-q"]
        let result = try await context.replay(arguments, target: Sinks.connectionStringVariable(connection), home: home)
        XCTAssertEqual(result.exitCode, 0, result.transcript)
        let received = await context.received(Sinks.serviceBusQueue)
        XCTAssertEqual(received.count, 8)
        XCTAssertEqual(Set(received.eventIDs), Set(EndToEndContainers.triageEvents.keys))
        for message in received {
            let id = try XCTUnwrap(message.eventID)
            XCTAssertEqual(message.kind, .serviceBusMessage)
            XCTAssertEqual(message.messageID, id, "MessageId = event id")
            XCTAssertEqual(message.brokerProperty("Label"), message.userProperty("cloudEvents:type"), "Label = type")
            XCTAssertEqual(message.partitionKey, Self.triageTwins[id])
            try assertBinaryMode(message, id: id)
        }

        // The same replay again without a journal: the queue's duplicate detection drops every repeat by MessageId.
        let again = try await context.replay(arguments, target: Sinks.connectionStringVariable(connection), home: home)
        XCTAssertEqual(again.exitCode, 0, again.transcript)
        let afterRepeat = await context.received(Sinks.serviceBusQueue)
        XCTAssertEqual(afterRepeat.count, 8)
        let duplicatesDropped = await context.server.sinks.counters(Sinks.serviceBusQueue).duplicatesDropped
        XCTAssertEqual(duplicatesDropped, 8)
    }

    /// The CloudEvents AMQP binary mode ADT delivers with: body = data, `cloudEvents:*` user properties.
    private func assertBinaryMode(_ message: ReceivedMessage, id: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let event = try XCTUnwrap(EndToEndContainers.triageEvents[id], file: file, line: line)
        let original = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(event.compact.utf8)) as? [String: Any], file: file, line: line)
        let isEventGridSchema = Self.eventGridSchemaIDs.contains(id)
        XCTAssertEqual(message.userProperty("cloudEvents:specversion"), "1.0", id, file: file, line: line)
        XCTAssertEqual(message.userProperty("cloudEvents:type"), (original[isEventGridSchema ? "eventType" : "type"] as? String), id, file: file, line: line)
        XCTAssertEqual(message.userProperty("cloudEvents:source"), isEventGridSchema ? Sinks.adtInstanceHost : original["source"] as? String,
                       id, file: file, line: line)
        XCTAssertEqual(message.userProperty("cloudEvents:subject"), original["subject"] as? String, id, file: file, line: line)
        XCTAssertEqual(message.userProperty("cloudEvents:time"), original[isEventGridSchema ? "eventTime" : "time"] as? String, id, file: file, line: line)
        XCTAssertEqual(message.userProperty("cloudEvents:dataschema"), original["dataschema"] as? String, id, file: file, line: line)
        XCTAssertTrue(message.userProperties.keys.allSatisfy { $0.hasPrefix("cloudEvents:") }, "\(message.userProperties)", file: file, line: line)
        XCTAssertTrue(message.userProperties.keys.allSatisfy { !ReplayDeadLetterMembers.names.contains(String($0.dropFirst("cloudEvents:".count))) },
                      file: file, line: line)
        let body = try XCTUnwrap(message.jsonObject, message.bodyText, file: file, line: line)
        XCTAssertEqual(body as NSDictionary, try Self.triageData(id), "body = the event's data (\(id))", file: file, line: line)
        if !isEventGridSchema, let data = event.members.first(where: { $0.0 == "data" })?.1 {
            XCTAssertEqual(message.bodyText, data, "the data's bytes as written (\(id))", file: file, line: line)
        }
    }
}
