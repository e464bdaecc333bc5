import AzureEmulator
import XCTest
@testable import DeadLetterKit

/// Event Grid topics in the emulator: each auth mode, and the exact events received.
final class ReplayEventGridTargetTests: XCTestCase {
    private var harness: ReplayEmulatorHarness!

    override func setUp() async throws { harness = try await ReplayEmulatorHarness.start() }
    override func tearDown() async throws { try await harness.shutdown() }

    private func replay(_ target: any ReplayTarget, _ letters: [DeadLetter]) async throws -> ReplaySummary {
        try await harness.runner(target).run(events: ReplayTestSource(letters: letters))
    }

    func testCloudEventsGoVerbatimMinusDeadLetterFields() async throws {
        let letters = ReplayTestEvents.twinUpdates(25)
        let summary = try await replay(try harness.eventGridTarget(), letters)
        XCTAssertEqual(summary.sent, 25)
        XCTAssertEqual(summary.exitCode, 0)
        XCTAssertEqual(summary.batches, 1)
        let received = await harness.received("replay-topic")
        XCTAssertEqual(received.count, 25)
        XCTAssertEqual(received.first?.contentType, "application/cloudevents-batch+json; charset=utf-8")
        for (message, letter) in zip(received, letters) {
            let event = try JSONRawValue.parse(message.body)
            XCTAssertEqual(event[member: "id"]?.string, letter.attributes.id, "source order is kept")
            for fact in ["deadletterreason", "deliveryattempts", "lastdeliveryoutcome"] {
                XCTAssertNil(event[member: fact], "\(fact) must be stripped")
            }
            // Everything else is the event's own bytes (compacted): same members, same values, same order.
            let expected = JSONCompactor.compact(EventConversion.strippingDeadLetterFields(letter))
            XCTAssertEqual(message.bodyText, String(decoding: expected, as: UTF8.self))
            XCTAssertEqual(event[member: "traceparent"]?.string, letter.attributes.traceparent)
            XCTAssertEqual(event[member: "data"]?.bytes.elementsEqual(letter.data!.bytes), true)
        }
    }

    func testSASTokenGeneratedFromTheKey() async throws {
        let summary = try await replay(try harness.eventGridTarget(sasToken: true), ReplayTestEvents.twinUpdates(3))
        XCTAssertEqual(summary.sent, 3)
        let receivedCount = await harness.received("replay-topic").count
        XCTAssertEqual(receivedCount, 3)
    }

    func testBearerTokenFromTheEnvironmentAndFromACommand() async throws {
        let fromVariable = try harness.target("eventgrid:\(harness.base)/replay-topic",
                                              environment: ["DEADLETTER_TARGET_TOKEN": SinkConfiguration.defaultBearerToken])
        let sentWithVariableToken = try await replay(fromVariable, ReplayTestEvents.twinUpdates(2, prefix: "v")).sent
        XCTAssertEqual(sentWithVariableToken, 2)
        let fromCommand = try harness.target("eventgrid:\(harness.base)/replay-topic", environment: [:],
                                             credentials: ReplayCredentialOptions(tokenCommand: "echo \(SinkConfiguration.defaultBearerToken)"))
        let sentWithCommandToken = try await replay(fromCommand, ReplayTestEvents.twinUpdates(2, prefix: "c")).sent
        XCTAssertEqual(sentWithCommandToken, 2)
        let receivedCount = await harness.received("replay-topic").count
        XCTAssertEqual(receivedCount, 4)
    }

    func testEventGridSchemaTopicReceivesConvertedEvents() async throws {
        let letters = ReplayTestEvents.twinUpdates(4)
        let target = try harness.eventGridTarget(topic: "replay-topic-eg", settings: ReplayTargetSettings(eventGridSchema: .eventGrid))
        XCTAssertEqual(target.contentType, "application/json; charset=utf-8")
        let sent = try await replay(target, letters).sent
        XCTAssertEqual(sent, 4)
        let received = await harness.received("replay-topic-eg")
        XCTAssertEqual(received.map(\.kind), Array(repeating: .eventGridEvent, count: 4))
        let event = try JSONRawValue.parse(received[0].body)
        XCTAssertEqual(event[member: "id"]?.string, "e0")
        XCTAssertEqual(event[member: "eventType"]?.string, "Microsoft.DigitalTwins.Twin.Update")
        XCTAssertEqual(event[member: "subject"]?.string, "twin-0")
        XCTAssertEqual(event[member: "eventTime"]?.string, "2024-01-05T13:00:00.1234567Z")
        XCTAssertNil(event[member: "topic"], "Event Grid fills in the topic")
        XCTAssertNil(event[member: "deadletterreason"])
        XCTAssertEqual(event[member: "data"]?.bytes.elementsEqual(letters[0].data!.bytes), true)
    }

    func testEventGridSchemaDeadLettersLoseTheirOldTopic() async throws {
        let json = #"{"id":"g1","subject":"twin-1","eventType":"Custom.Thing","eventTime":"2024-01-05T13:00:00Z","dataVersion":"1.0","#
            + #""topic":"/subscriptions/x/resourceGroups/y/providers/Microsoft.EventGrid/topics/old","data":{"n":1},"deadLetterReason":"TimeToLiveExceeded"}"#
        let target = try harness.eventGridTarget(topic: "replay-topic-eg", settings: ReplayTargetSettings(eventGridSchema: .eventGrid))
        let sent = try await replay(target, [ReplayTestEvents.letter(json, blob: "sub/2024/1/5/13/g.json")]).sent
        XCTAssertEqual(sent, 1)
        let body = await harness.received("replay-topic-eg")[0].bodyText
        XCTAssertEqual(body, #"{"id":"g1","subject":"twin-1","eventType":"Custom.Thing","eventTime":"2024-01-05T13:00:00Z","dataVersion":"1.0","data":{"n":1}}"#)
    }

    func testMarkAddsAndIncrementsTheReplayCount() async throws {
        let target = try harness.eventGridTarget(settings: ReplayTargetSettings(mark: true))
        let once = ReplayTestEvents.letter(ReplayTestEvents.twinUpdateJSON(id: "m1", twin: "t"), blob: "a.json")
        let twice = ReplayTestEvents.letter(ReplayTestEvents.twinUpdateJSON(id: "m2", twin: "t", extra: #","deadletterreplay":1"#), blob: "b.json")
        let sent = try await replay(target, [once, twice]).sent
        XCTAssertEqual(sent, 2)
        let counts = await harness.received("replay-topic").map { try? JSONRawValue.parse($0.body)[member: "deadletterreplay"]?.int }
        XCTAssertEqual(counts, [1, 2])
    }

    func testWrongKeyStopsTheRunNamingTheVariable() async throws {
        let wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktMTI="
        let target = try harness.target("eventgrid:\(harness.base)/replay-topic", environment: ["DEADLETTER_TARGET_KEY": wrongKey])
        let summary = try await replay(target, ReplayTestEvents.twinUpdates(1200))
        guard case .credentialRejected(let message) = summary.stop else { return XCTFail("expected a credential stop, got \(summary.stop)") }
        XCTAssertTrue(message.contains("DEADLETTER_TARGET_KEY"), message)
        XCTAssertTrue(message.contains("401"), message)
        XCTAssertFalse(message.contains(wrongKey))
        XCTAssertFalse(summary.text().contains(wrongKey))
        XCTAssertEqual(summary.sent, 0)
        XCTAssertEqual(summary.exitCode, 3)
        XCTAssertLessThanOrEqual(summary.requests, 8, "stops at once rather than trying every batch")
        XCTAssertEqual(summary.selected, summary.sent + summary.skipped + summary.failed)
    }

    func testMissingTopicStopsTheRun() async throws {
        let target = try harness.target("eventgrid:\(harness.base)/no-such-topic", environment: ["DEADLETTER_TARGET_KEY": SinkConfiguration.defaultEventGridKey])
        let summary = try await replay(target, ReplayTestEvents.twinUpdates(3))
        guard case .targetMissing = summary.stop else { return XCTFail("\(summary.stop)") }
        XCTAssertEqual(summary.exitCode, 3)
    }
}
