import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// Event Hubs and Service Bus entities in the emulator: the binary-mode message shape ADT delivers, each auth mode.
final class ReplayMessagingTargetTests: XCTestCase {
    private var harness: ReplayEmulatorHarness!

    override func setUp() async throws { harness = try await ReplayEmulatorHarness.start() }
    override func tearDown() async throws { try await harness.shutdown() }

    private func replay(_ target: any ReplayTarget, _ letters: [DeadLetter]) async throws -> ReplaySummary {
        try await harness.runner(target).run(events: ReplayTestSource(letters: letters))
    }

    func testEventHubsMessagesAreBinaryModeCloudEventsKeyedByTwin() async throws {
        let letters = ReplayTestEvents.twinUpdates(12, twins: 3)
        let summary = try await replay(try harness.eventHubsTarget(), letters)
        XCTAssertEqual(summary.sent, 12)
        let received = await harness.received("replay-hub")
        XCTAssertEqual(received.count, 12)
        for (message, letter) in zip(received, letters) {
            XCTAssertEqual(message.kind, .eventHubsMessage)
            XCTAssertEqual(message.body, Array(letter.data!.bytes), "the body is the event's data, byte for byte")
            let properties = message.userProperties.mapValues(\.description)
            XCTAssertEqual(properties, [
                "cloudEvents:id": letter.attributes.id!,
                "cloudEvents:source": ReplayTestEvents.source,
                "cloudEvents:specversion": "1.0",
                "cloudEvents:type": "Microsoft.DigitalTwins.Twin.Update",
                "cloudEvents:time": "2024-01-05T13:00:00.1234567Z",
                "cloudEvents:subject": letter.attributes.subject!,
                "cloudEvents:traceparent": "00-2aa957558db348f387ef704b37631a1d-96f834571bf4fe45-01",
            ], "only the event's attributes; the dead-letter facts are not carried")
            XCTAssertEqual(message.partitionKey, letter.attributes.subject, "the twin id keeps each twin's events in order")
        }
    }

    func testTelemetryCarriesDataschemaAndPartitionKeyChoices() async throws {
        let telemetry = #"{"specversion":"1.0","id":"t1","type":"microsoft.iot.telemetry","#
            + #""source":"contoso.api.wus2.digitaltwins.azure.net/digitaltwins/room-7","data":{"temp":20},"#
            + #""dataschema":"dtmi:com:contoso:Room;1","datacontenttype":"application/json","traceparent":"00-aa-bb-01"}"#
        let letter = ReplayTestEvents.letter(telemetry, blob: "ep/t1.json")
        _ = try await replay(try harness.eventHubsTarget(), [letter])
        _ = try await replay(try harness.eventHubsTarget(settings: ReplayTargetSettings(partitionKey: .id)), [letter])
        _ = try await replay(try harness.eventHubsTarget(settings: ReplayTargetSettings(partitionKey: .none)), [letter])
        let received = await harness.received("replay-hub")
        XCTAssertEqual(received.map(\.partitionKey), ["room-7", "t1", nil])
        XCTAssertEqual(received[0].userProperties["cloudEvents:dataschema"], .string("dtmi:com:contoso:Room;1"))
        XCTAssertNil(received[0].userProperties["cloudEvents:time"], "telemetry has no time")
        XCTAssertEqual(received[0].bodyText, #"{"temp":20}"#)
    }

    func testEventHubsWithExplicitURLAndBearerToken() async throws {
        let target = try harness.target("eventhubs:\(harness.base)/replay-hub",
                                        environment: ["DEADLETTER_TARGET_TOKEN": SinkConfiguration.defaultBearerToken])
        let sent = try await replay(target, ReplayTestEvents.twinUpdates(3)).sent
        XCTAssertEqual(sent, 3)
        let receivedCount = await harness.received("replay-hub").count
        XCTAssertEqual(receivedCount, 3)
    }

    func testServiceBusMessageIdLabelAndDuplicateDetection() async throws {
        let target = try harness.target("servicebus", environment: ["DEADLETTER_TARGET_CONNECTION_STRING": harness.connectionString(entity: "replay-queue")])
        XCTAssertTrue(target.deduplicatesByMessageID)
        let letters = ReplayTestEvents.twinUpdates(5)
        let sentFirst = try await replay(target, letters).sent
        XCTAssertEqual(sentFirst, 5)
        // A second replay of the same events: the queue's duplicate detection drops them by MessageId.
        let sentAgain = try await replay(target, letters).sent
        XCTAssertEqual(sentAgain, 5)
        let received = await harness.received("replay-queue")
        XCTAssertEqual(received.count, 5)
        let duplicatesDropped = await harness.server.sinks.counters("replay-queue").duplicatesDropped
        XCTAssertEqual(duplicatesDropped, 5)
        let first = received[0]
        XCTAssertEqual(first.kind, .serviceBusMessage)
        XCTAssertEqual(first.messageID, "e0")
        XCTAssertEqual(first.brokerProperties["Label"], .string("Microsoft.DigitalTwins.Twin.Update"))
        XCTAssertEqual(first.brokerProperties["ContentType"], .string("application/json"))
        XCTAssertEqual(first.userProperties["cloudEvents:id"], .string("e0"))
        XCTAssertEqual(first.body, Array(letters[0].data!.bytes))
    }

    func testServiceBusTopicWithURLAndNamespaceConnectionString() async throws {
        let target = try harness.target("servicebus:\(harness.base)/replay-sb-topic",
                                        environment: ["DEADLETTER_TARGET_CONNECTION_STRING": harness.connectionString(entity: nil)])
        let sent = try await replay(target, ReplayTestEvents.twinUpdates(2)).sent
        XCTAssertEqual(sent, 2)
        let receivedCount = await harness.received("replay-sb-topic").count
        XCTAssertEqual(receivedCount, 2)
    }

    func testWrongSharedAccessKeyStopsTheRun() async throws {
        let target = try harness.target("eventhubs", environment: ["DEADLETTER_TARGET_CONNECTION_STRING":
            harness.connectionString(entity: "replay-hub", key: "not-the-key")])
        let summary = try await replay(target, ReplayTestEvents.twinUpdates(10))
        guard case .credentialRejected(let message) = summary.stop else { return XCTFail("\(summary.stop)") }
        XCTAssertTrue(message.contains("DEADLETTER_TARGET_CONNECTION_STRING"), message)
        XCTAssertFalse(message.contains("not-the-key"))
        XCTAssertEqual(summary.exitCode, 3)
    }
}
