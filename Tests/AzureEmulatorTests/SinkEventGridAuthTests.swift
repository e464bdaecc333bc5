import AzureCore
import XCTest
@testable import AzureEmulator

final class SinkEventGridAuthTests: XCTestCase {
    private let clock = SinkTestClock()
    private let path = "/replay-topic/api/events"
    private var body: String { "[\(SinkFixtures.cloudEvent(id: "e1"))]" }

    private func post(_ headers: [(String, String)], query: String = "api-version=2018-01-01") async -> EmulatorResponse? {
        let sinks = SinkFixtures.sinks(clock: clock)
        return await sinks.handle(SinkFixtures.request(path: path, query: query,
                                                       headers: [("Content-Type", SinkFixtures.cloudEventsBatch)] + headers, json: body))
    }

    private func assertUnauthorized(_ response: EmulatorResponse?, mentioning fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(response?.status, 401, file: file, line: line)
        let text = SinkFixtures.text(response)
        XCTAssertTrue(text.hasPrefix(#"{"error":{"code":"Unauthorized","message":"#), text, file: file, line: line)
        XCTAssertTrue(text.contains(fragment), "expected '\(fragment)' in \(text)", file: file, line: line)
        XCTAssertEqual(response?.headers.first { $0.name == "Content-Type" }?.value, "application/json; charset=utf-8", file: file, line: line)
    }

    func testKeyHeaderAcceptsEitherTopicKey() async {
        let primary = await post([("aeg-sas-key", SinkFixtures.eventGridKey)])
        XCTAssertEqual(primary?.status, 200)
        XCTAssertEqual(primary?.body, [])
        let secondary = await post([("aeg-sas-key", SinkConfiguration.secondaryEventGridKey)])
        XCTAssertEqual(secondary?.status, 200)
    }

    func testKeyInQueryIsAccepted() async {
        let key = PercentEncoding.encode(SinkFixtures.eventGridKey)
        let response = await post([], query: "api-version=2018-01-01&aeg-sas-key=\(key)")
        XCTAssertEqual(response?.status, 200)
    }

    func testWrongKeyIsRefusedWithoutEchoingIt() async {
        let wrong = Data("some-other-key-material-000000000".utf8).base64EncodedString()
        let response = await post([("aeg-sas-key", wrong)])
        assertUnauthorized(response, mentioning: "not one of the topic's access keys")
        XCTAssertFalse(SinkFixtures.text(response).contains(wrong))
    }

    func testMissingCredentialIsRefused() async {
        assertUnauthorized(await post([]), mentioning: "carries no credential")
    }

    func testSASTokenHeaderAndAuthorizationFormAreAccepted() async {
        let token = SinkFixtures.eventGridToken(clock: clock)
        let header = await post([("aeg-sas-token", token)])
        XCTAssertEqual(header?.status, 200)
        let authorization = await post([("Authorization", "SharedAccessSignature \(token)")])
        XCTAssertEqual(authorization?.status, 200)
    }

    func testSASTokenForAzureHostStyleURLIsAccepted() async {
        let token = SinkFixtures.eventGridToken(clock: clock, resource: "https://REPLAY-TOPIC.westeurope-1.eventgrid.azure.net/api/events")
        let response = await post([("aeg-sas-token", token)])
        XCTAssertEqual(response?.status, 200)
    }

    func testSASTokenSignedWithWrongKeyIsRefused() async {
        let otherKey = Data(repeating: 7, count: 32).base64EncodedString()
        let token = SinkFixtures.eventGridToken(clock: clock, key: otherKey)
        let response = await post([("aeg-sas-token", token)])
        assertUnauthorized(response, mentioning: "signature does not match")
        XCTAssertFalse(SinkFixtures.text(response).contains(EventGridSAS.parse(token)!.signature))
    }

    func testExpiredSASTokenIsRefused() async {
        let token = SinkFixtures.eventGridToken(expiresIn: -5, clock: clock)
        assertUnauthorized(await post([("aeg-sas-token", token)]), mentioning: "expired")
    }

    func testSASTokenForAnotherTopicIsRefused() async {
        let token = SinkFixtures.eventGridToken(clock: clock, resource: "http://127.0.0.1:10000/replay-topic-eg/api/events?apiVersion=2018-01-01")
        assertUnauthorized(await post([("aeg-sas-token", token)]), mentioning: "does not cover")
    }

    func testMalformedSASTokenIsRefused() async {
        assertUnauthorized(await post([("aeg-sas-token", "not-a-token")]), mentioning: "r=<resource>&e=<expiry>&s=<signature>")
    }

    func testBearerTokenAcceptedOnlyWhenConfigured() async {
        let accepted = await post([("Authorization", "Bearer \(SinkFixtures.bearer)")])
        XCTAssertEqual(accepted?.status, 200)
        assertUnauthorized(await post([("Authorization", "Bearer something-else")]), mentioning: "bearer token is not accepted")
    }

    func testUnknownAuthorizationSchemeIsRefused() async {
        assertUnauthorized(await post([("Authorization", "Basic dXNlcjpwYXNz")]), mentioning: "neither SharedAccessSignature nor Bearer")
    }

    func testResourceMatchingRules() {
        XCTAssertTrue(EventGridSink.resource("http://127.0.0.1:41234/replay-topic/api/events?apiVersion=2018-01-01", namesTopic: "replay-topic"))
        XCTAssertTrue(EventGridSink.resource("HTTP://127.0.0.1:41234/Replay-Topic/API/events/", namesTopic: "replay-topic"))
        XCTAssertTrue(EventGridSink.resource("https://replay-topic.westus2-1.eventgrid.azure.net/api/events", namesTopic: "replay-topic"))
        XCTAssertTrue(EventGridSink.resource("replay-topic.westus2-1.eventgrid.azure.net/api/events?api-version=2018-01-01", namesTopic: "replay-topic"))
        XCTAssertFalse(EventGridSink.resource("https://other.westus2-1.eventgrid.azure.net/api/events", namesTopic: "replay-topic"))
        XCTAssertFalse(EventGridSink.resource("http://127.0.0.1:41234/replay-topic/api/events?extra=1", namesTopic: "replay-topic"))
        XCTAssertFalse(EventGridSink.resource("http://127.0.0.1:41234/replay-topic", namesTopic: "replay-topic"))
    }
}
