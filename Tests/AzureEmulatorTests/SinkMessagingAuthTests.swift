import AzureCore
import XCTest
@testable import AzureEmulator

final class SinkMessagingAuthTests: XCTestCase {
    private let clock = SinkTestClock()
    private let batch = #"[{"Body":"{\"n\":1}","UserProperties":{"cloudEvents:id":"e1"}}]"#

    private func post(entity: String = "replay-hub", authorization: String?) async -> EmulatorResponse? {
        var headers = [("Content-Type", "application/vnd.microsoft.servicebus.json")]
        if let authorization { headers.append(("Authorization", authorization)) }
        return await SinkFixtures.sinks(clock: clock).handle(
            SinkFixtures.request(path: "/\(entity)/messages", query: "timeout=60&api-version=2014-01", headers: headers, json: batch))
    }

    private func assertUnauthorized(_ response: EmulatorResponse?, _ prefix: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(response?.status, 401, file: file, line: line)
        let text = SinkFixtures.text(response)
        XCTAssertTrue(text.hasPrefix("<Error><Code>401</Code><Detail>\(prefix): "), text, file: file, line: line)
        XCTAssertEqual(response?.headers.first { $0.name == "Content-Type" }?.value, "application/xml; charset=utf-8", file: file, line: line)
    }

    func testSASTokenForEmulatorURLIsAccepted() async {
        for entity in ["replay-hub", "replay-queue", "replay-sb-topic"] {
            let response = await post(entity: entity, authorization: SinkFixtures.serviceBusToken(entity: entity, clock: clock))
            XCTAssertEqual(response?.status, 201, "\(entity): \(SinkFixtures.text(response))")
            XCTAssertEqual(response?.body, [])
        }
    }

    func testSASTokenForAzureURIsAndNamespaceRootIsAccepted() async {
        for resource in ["sb://myns.servicebus.windows.net/replay-hub", "https://MYNS.servicebus.windows.net/Replay-Hub/",
                         "https://myns.servicebus.windows.net/", "myns.servicebus.windows.net"] {
            let token = SinkFixtures.serviceBusToken(entity: "replay-hub", clock: clock, resource: resource)
            let response = await post(authorization: token)
            XCTAssertEqual(response?.status, 201, "\(resource): \(SinkFixtures.text(response))")
        }
    }

    func testWrongKeyIsRefused() async {
        let token = SinkFixtures.serviceBusToken(entity: "replay-hub", clock: clock, key: "not-the-key")
        let response = await post(authorization: token)
        assertUnauthorized(response, "InvalidSignature")
        XCTAssertFalse(SinkFixtures.text(response).contains(ServiceBusSAS.parse(token)!.signature))
    }

    func testExpiredTokenIsRefused() async {
        let token = SinkFixtures.serviceBusToken(entity: "replay-hub", expiresIn: -1, clock: clock)
        assertUnauthorized(await post(authorization: token), "ExpiredToken")
    }

    func testTokenForAnotherEntityIsRefused() async {
        let token = SinkFixtures.serviceBusToken(entity: "replay-queue", clock: clock)
        assertUnauthorized(await post(authorization: token), "InvalidAudience")
        let prefixOnly = SinkFixtures.serviceBusToken(entity: "replay", clock: clock, resource: "http://127.0.0.1:10000/replay")
        assertUnauthorized(await post(authorization: prefixOnly), "InvalidAudience")
    }

    func testUnknownPolicyIsRefused() async {
        let token = SinkFixtures.serviceBusToken(entity: "replay-hub", clock: clock, keyName: "SendOnly")
        let response = await post(authorization: token)
        assertUnauthorized(response, "UnauthorizedAccess")
        XCTAssertTrue(SinkFixtures.text(response).contains("no shared access policy named 'SendOnly'"))
    }

    func testMalformedTokenAndMissingCredential() async {
        assertUnauthorized(await post(authorization: "SharedAccessSignature sr=x&sig=y"), "InvalidSignature")
        assertUnauthorized(await post(authorization: nil), "MissingToken")
    }

    func testBearerToken() async {
        let accepted = await post(entity: "replay-queue", authorization: "Bearer \(SinkFixtures.bearer)")
        XCTAssertEqual(accepted?.status, 201)
        assertUnauthorized(await post(entity: "replay-queue", authorization: "Bearer wrong"), "InvalidSignature")
    }

    func testResourceCoverageRules() {
        XCTAssertTrue(MessagingSink.resource("https://ns.servicebus.windows.net/a/b", covers: "a/b"))
        XCTAssertTrue(MessagingSink.resource("https://ns.servicebus.windows.net/a", covers: "a/b"))
        XCTAssertFalse(MessagingSink.resource("https://ns.servicebus.windows.net/a/b", covers: "a"))
        XCTAssertFalse(MessagingSink.resource("https://ns.servicebus.windows.net/replay", covers: "replay-hub"))
        XCTAssertTrue(MessagingSink.resource("http://127.0.0.1:5555/replay-hub", covers: "replay-hub"))
    }

    func testUnknownEntityIs410() async {
        let response = await post(entity: "missing-hub", authorization: SinkFixtures.serviceBusToken(entity: "missing-hub", clock: clock))
        XCTAssertEqual(response?.status, 410)
        XCTAssertTrue(SinkFixtures.text(response).contains("MessagingEntityNotFound"))
    }
}
